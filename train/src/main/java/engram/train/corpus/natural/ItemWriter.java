package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes one scene as an item and checks it: every stated value that a question can ask for occurs exactly once in
 * the text as a whole value (so its span is the answer's only place: "2" inside "2034" or "$2.3 billion" does not
 * count, "Apex" inside "Apex Systems" does) and contains no other such value, nor is inside one. Descriptive slots
 * that no question asks for ("chipmaker", "smartphone") may repeat: later mentions reuse them.
 */
final class ItemWriter {

    /** The written text, its stated slots and the rules used; null fields never. */
    record Written(NewsItem.Kind kind, String text, List<NewsItem.SlotValue> slots, List<String> ruleIds) {
    }

    private final NaturalGrammar g;
    private final QuestionWriter questions;

    ItemWriter(NaturalGrammar g, QuestionWriter questions) {
        this.g = g;
        this.questions = questions;
    }

    /** The scene as news or as conversation, or null when the grammar could not write it cleanly. */
    Written write(Scene scene, NewsItem.Kind kind, boolean heldOutGrammar, Random random) {
        String top = (kind == NewsItem.Kind.NEWS ? "NEWS." : "CONVO.") + scene.relation();
        TextBuilder out = new TextBuilder();
        Realizer realizer = new Realizer(g.grammar, g.vocabulary, scene, random, heldOutGrammar, out);
        try {
            realizer.expand(top);
        } catch (Realizer.Dead e) {
            return null;
        }
        String text = out.text();
        List<NewsItem.SlotValue> slots = new ArrayList<>();
        List<NewsItem.SlotValue> askable = new ArrayList<>();
        for (Map.Entry<String, Span> e : scene.spans().entrySet()) {
            Value v = scene.value(e.getKey());
            NewsItem.SlotValue slot = new NewsItem.SlotValue(e.getKey(), v.kind().name(), e.getValue().of(text),
                    e.getValue());
            slots.add(slot);
            if (questions.ruleFor(scene.relation(), e.getKey()) != null) {
                askable.add(slot);
            }
        }
        return clean(text, askable) ? new Written(kind, text, slots, realizer.trace()) : null;
    }

    /** Each value once as a whole value; none inside another (case-insensitive, as whole values). */
    static boolean clean(String text, List<NewsItem.SlotValue> slots) {
        for (NewsItem.SlotValue s : slots) {
            if (s.text().isEmpty() || occurrences(text, s.text()) != 1) {
                return false;
            }
            for (NewsItem.SlotValue other : slots) {
                if (other != s && occurrences(other.text().toLowerCase(), s.text().toLowerCase()) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * How often {@code value} occurs in {@code text} as a whole value: not run into letters or digits on either side,
     * nor into a number's decimal point or thousands comma ("2" is not whole in "2034", "2.3" or "1,250").
     */
    static int occurrences(String text, String value) {
        int n = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            if (bounded(text, at - 1, -1) && bounded(text, at + value.length(), 1)) {
                n++;
            }
        }
        return n;
    }

    /** Whether position {@code i} (just outside a match, looking in {@code direction}) ends the value. */
    private static boolean bounded(String text, int i, int direction) {
        if (i < 0 || i >= text.length()) {
            return true;
        }
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c)) {
            return false;
        }
        int next = i + direction;
        boolean numberGoesOn = (c == '.' || c == ',') && next >= 0 && next < text.length()
                && Character.isDigit(text.charAt(next)) && Character.isDigit(text.charAt(i - direction));
        return !numberGoesOn;
    }
}
