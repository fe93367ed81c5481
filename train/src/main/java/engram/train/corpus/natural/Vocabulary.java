package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The words a {@link Grammar.ClassWord} can stand for in a split. Grammar classes ({@code @appoint}) offer their
 * entries, starred ones only to held-out text; lexicon classes offer lexicon words: {@code @n:TAG} nouns with a class
 * or supersense tag ("goods", "food", "occupation"...), {@code @a:KIND} adjectives of a kind ("rel", "size", "hue"),
 * each word on the side of {@link WordPools} it falls.
 */
final class Vocabulary {

    private final Grammar grammar;
    private final Lexicon lexicon;
    private final WordPools pools;
    private final Map<String, List<String>> cache = new HashMap<>();

    Vocabulary(Grammar grammar, Lexicon lexicon, WordPools pools) {
        this.grammar = grammar;
        this.lexicon = lexicon;
        this.pools = pools;
    }

    WordPools pools() {
        return pools;
    }

    Lexicon lexicon() {
        return lexicon;
    }

    /** The words a class offers in a form, training ones or held-out ones, in a fixed order. */
    synchronized List<String> options(String className, String form, boolean heldOut) {
        return cache.computeIfAbsent(className + "." + form + "." + heldOut, k -> compute(className, form, heldOut));
    }

    /**
     * A word of the class: in TRAIN (heldOut false) a training word; otherwise a held-out word with probability
     * {@code preferHeldOut} when there is one, else any. Null when the class offers none.
     */
    String choose(Grammar.ClassWord word, boolean heldOut, double preferHeldOut, Random random) {
        List<String> train = options(word.className(), word.form(), false);
        if (heldOut) {
            List<String> held = options(word.className(), word.form(), true);
            if (!held.isEmpty() && (train.isEmpty() || random.nextDouble() < preferHeldOut)) {
                return held.get(random.nextInt(held.size()));
            }
        }
        return train.isEmpty() ? null : train.get(random.nextInt(train.size()));
    }

    boolean available(Grammar.ClassWord word, boolean heldOut) {
        return !options(word.className(), word.form(), false).isEmpty()
                || heldOut && !options(word.className(), word.form(), true).isEmpty();
    }

    private List<String> compute(String className, String form, boolean heldOut) {
        List<String> out = new ArrayList<>();
        if (className.startsWith("n:")) {
            String tag = className.substring(2);
            for (Lexicon.Noun n : lexicon.nounsTagged(tag)) {
                String w = form.equals("pl") ? n.plural() : n.lemma();
                if (w != null && sideOf(n.lemma()) == heldOut) {
                    out.add(w);
                }
            }
        } else if (className.startsWith("a:")) {
            for (Lexicon.Adjective a : lexicon.adjectivesOfKind(className.substring(2))) {
                if (sideOf(a.lemma()) == heldOut) {
                    out.add(a.lemma());
                }
            }
        } else {
            Grammar.WordClass c = grammar.wordClass(className);
            if (c == null) {
                throw new IllegalArgumentException("unknown class @" + className);
            }
            for (Grammar.ClassEntry e : c.entries()) {
                String w = ClassForms.form(c, e, form, lexicon);
                if (w != null && e.heldOut() == heldOut) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
    }

    private boolean sideOf(String lemma) {
        return pools.isHeldOut(lemma);
    }
}
