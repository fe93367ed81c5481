package engram.train.corpus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fact: a relation and the values of its slots, e.g. CEO {company=Velora Dynamics, person=Tamsin Okafor,
 * weekday=Monday}. Phrasings and questions refer to the slots by name.
 */
public record Fact(Relation relation, Map<String, String> slots) {

    public Fact {
        Objects.requireNonNull(relation, "relation");
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    /** The value of one slot; fails if this fact has no such slot. */
    public String value(String slot) {
        String value = slots.get(slot);
        if (value == null) {
            throw new IllegalArgumentException(relation + " fact has no slot '" + slot + "': " + slots);
        }
        return value;
    }
}
