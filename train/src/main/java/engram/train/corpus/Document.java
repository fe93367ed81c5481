package engram.train.corpus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text injected for a fact: its sentence, possibly with a distractor sentence (another fact or filler)
 * before or after it. {@code slotSpans} locates each slot value of the fact inside {@code text}, so any answer is
 * a span of the text; {@code templateIds} names the phrasings used, main sentence first.
 */
public record Document(String text, Map<String, Span> slotSpans, List<String> templateIds) {

    public Document {
        slotSpans = Collections.unmodifiableMap(new LinkedHashMap<>(slotSpans));
        templateIds = List.copyOf(templateIds);
    }

    /** The text covered by a slot of the fact. */
    public String slotText(String slot) {
        Span span = slotSpans.get(slot);
        if (span == null) {
            throw new IllegalArgumentException("no slot '" + slot + "' in document: " + text);
        }
        return span.of(text);
    }
}
