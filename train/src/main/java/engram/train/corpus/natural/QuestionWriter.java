package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Asks one question per stated slot that the grammar has a question rule for ({@code Q.<RELATION>.<slot>}, else
 * {@code Q.ANY.<slot>}). A question may name only slots the text stated, and never its own answer. In
 * NATURAL_HELDOUT only held-out question forms are used (a slot without one is not asked).
 */
final class QuestionWriter {

    private final NaturalGrammar g;

    QuestionWriter(NaturalGrammar g) {
        this.g = g;
    }

    /** The rule that asks for a slot of a relation, or null. */
    String ruleFor(String relation, String slot) {
        String specific = "Q." + relation + "." + slot;
        if (g.grammar.hasRule(specific)) {
            return specific;
        }
        String any = "Q.ANY." + slot;
        return g.grammar.hasRule(any) ? any : null;
    }

    List<NaturalQuestion> ask(Scene scene, ItemWriter.Written item, boolean heldOut, Random random) {
        List<NaturalQuestion> out = new ArrayList<>();
        for (NewsItem.SlotValue slot : item.slots()) {
            String rule = ruleFor(scene.relation(), slot.slot());
            if (rule == null) {
                continue;
            }
            NaturalQuestion q = askOne(scene, rule, slot, heldOut, random);
            if (q != null) {
                out.add(q);
            }
        }
        return out;
    }

    private NaturalQuestion askOne(Scene scene, String rule, NewsItem.SlotValue slot, boolean heldOut,
                                   Random random) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Scene view = scene.statedOnly();
            view.remove(slot.slot());
            TextBuilder out = new TextBuilder();
            Realizer realizer = new Realizer(g.grammar, g.vocabulary, view, random, heldOut, out);
            realizer.requireHeldOut(heldOut ? rule : null);
            try {
                realizer.expand(rule);
            } catch (Realizer.Dead e) {
                return null;
            }
            String question = out.text();
            if (!question.toLowerCase(Locale.ROOT).contains(slot.text().toLowerCase(Locale.ROOT))) {
                Span span = slot.span();
                return new NaturalQuestion(question, slot.text(), slot.slot(), span, realizer.trace().get(0));
            }
        }
        return null;
    }
}
