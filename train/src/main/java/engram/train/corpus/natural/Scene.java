package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one item is about: its relation, the values of its slots ("org", "person", "role", "date", distractors such
 * as "predecessor"), and flags that steer the grammar ("club", "future"). While an item is written the scene records
 * which slots the text has stated and where: a slot's value is written at most once, so each answer is one span.
 */
final class Scene {

    private final String relation;
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Map<String, Span> spans = new LinkedHashMap<>();
    private int version;

    Scene(String relation) {
        this.relation = relation;
    }

    String relation() {
        return relation;
    }

    Scene put(String slot, Value value) {
        values.put(slot, value);
        version++;
        return this;
    }

    /** Drops a slot (a question must not mention its own answer). */
    void remove(String slot) {
        values.remove(slot);
        version++;
    }

    Scene flag(String flag) {
        if (flags.add(flag)) {
            version++;
        }
        return this;
    }

    boolean has(String slot) {
        return values.containsKey(slot);
    }

    boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    Value value(String slot) {
        Value v = values.get(slot);
        if (v == null) {
            throw new IllegalArgumentException(relation + " scene has no slot " + slot);
        }
        return v;
    }

    Map<String, Value> values() {
        return Collections.unmodifiableMap(values);
    }

    Set<String> flags() {
        return Collections.unmodifiableSet(flags);
    }

    boolean stated(String slot) {
        return spans.containsKey(slot);
    }

    void state(String slot, Span span) {
        spans.put(slot, span);
        version++;
    }

    /** Where each stated slot's value stands in the text, in the order they were written. */
    Map<String, Span> spans() {
        return Collections.unmodifiableMap(spans);
    }

    /** Changes whenever a slot is stated or a flag set: eligibility computed before stays valid while it holds. */
    int version() {
        return version;
    }

    /** The stated slots' values (and the flags) as a fresh scene, for writing questions about the text. */
    Scene statedOnly() {
        Scene s = new Scene(relation);
        spans.keySet().forEach(slot -> s.values.put(slot, values.get(slot)));
        s.flags.addAll(flags);
        return s;
    }
}
