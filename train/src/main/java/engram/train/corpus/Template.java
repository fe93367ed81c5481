package engram.train.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phrasing with {slot} placeholders, e.g. "{company} named {person} as chief executive on {weekday}.". A
 * question template also names the slot that answers it. Held-out templates are used only by
 * {@link Split#HELDOUT_TEMPLATES}.
 */
public record Template(String id, Relation relation, String pattern, String answerSlot, boolean heldOut) {

    private static final Pattern SLOT = Pattern.compile("\\{([a-z0-9]+)}");

    /** A rendered template: the text and where each slot's value landed in it. */
    public record Rendered(String text, Map<String, Span> slotSpans) {
    }

    /** A conversation turn ("{speaker}: ..." or "{person}: ...") rather than a news sentence. */
    public boolean isConversationTurn() {
        return pattern.startsWith("{speaker}: ") || pattern.startsWith("{person}: ");
    }

    public boolean isQuestion() {
        return answerSlot != null;
    }

    /** The slot names in the pattern, in order of appearance. */
    public List<String> slots() {
        List<String> names = new ArrayList<>();
        Matcher matcher = SLOT.matcher(pattern);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The pattern's fixed text: the pattern with the placeholders removed. */
    public String fixedText() {
        return withoutSlots(pattern);
    }

    /** A pattern with each {slot} placeholder replaced by a space. */
    static String withoutSlots(String pattern) {
        return SLOT.matcher(pattern).replaceAll(" ");
    }

    /** A regex that matches any rendering of this template (slot values as non-empty lazy groups). */
    public Pattern matcher() {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = SLOT.matcher(pattern);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(pattern.substring(last, matcher.start()))).append(".+?");
            last = matcher.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** Fills the placeholders from {@code values}; fails on a slot without a value. */
    public Rendered render(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        Map<String, Span> spans = new LinkedHashMap<>();
        Matcher matcher = SLOT.matcher(pattern);
        int last = 0;
        while (matcher.find()) {
            text.append(pattern, last, matcher.start());
            String slot = matcher.group(1);
            String value = values.get(slot);
            if (value == null) {
                throw new IllegalArgumentException("template " + id + " needs slot '" + slot + "', have " + values);
            }
            int start = text.length();
            text.append(value);
            spans.putIfAbsent(slot, new Span(start, text.length()));
            last = matcher.end();
        }
        text.append(pattern.substring(last));
        return new Rendered(text.toString(), spans);
    }
}
