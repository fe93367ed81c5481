package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which words TRAIN may write and which are held out for NATURAL_HELDOUT (and, for names, HELDOUT_NAMES). A word is
 * a lower-case run of letters ({@link Words}). Held out are:
 * <ul>
 * <li>the words the grammar uses only in held-out material: held-out alternatives, starred options and starred
 * class entries ("*tapped");</li>
 * <li>one in five (by a fixed hash of the spelling) of the lexicon words the grammar draws as filler (nouns of a
 * class, adjectives of a kind) and of the name parts (first names, surnames, words of city and country names), with
 * all their inflected forms.</li>
 * </ul>
 * A hashed word stays in training when any of its forms is a grammar word or a form of another lexicon word not held
 * out ("Bill" the name is "bill" the noun): a held-out word is never also an everyday spelling. The partition
 * depends only on the grammar and lexicon files, never on a seed.
 */
final class WordPools {

    /** One word in this many is held out. */
    static final int MODULUS = 5;

    /** How a name or phrase splits: all its pooled words in training, all held out, or some of each. */
    enum Pool { TRAIN, HELD_OUT, MIXED }

    private final Set<String> core;
    private final Set<String> heldOut;

    WordPools(Grammar grammar, Lexicon lexicon) {
        core = new TreeSet<>(grammar.literalWords(false));
        for (char c = 'a'; c <= 'z'; c++) {
            core.add(String.valueOf(c)); // initials ("John F. Walsh") and letters of models ("X2") hold nothing out
        }
        Set<String> starred = new TreeSet<>(grammar.literalWords(true));
        for (Grammar.WordClass c : grammar.classes().values()) {
            for (Grammar.ClassEntry e : c.entries()) {
                (e.heldOut() ? starred : core).addAll(tokens(ClassForms.all(c, e, lexicon)));
            }
        }
        starred.removeAll(core);

        // units: a lexicon lemma (filler classes only) or a name part, with its forms
        Map<String, Set<String>> units = new TreeMap<>();
        Set<String> neutral = new TreeSet<>();
        for (Lexicon.Noun n : lexicon.nouns()) {
            List<String> forms = n.plural() == null ? List.of(n.lemma()) : List.of(n.lemma(), n.plural());
            if (n.tags().size() > 1) {
                units.computeIfAbsent(n.lemma(), k -> new TreeSet<>()).addAll(forms);
            } else {
                neutral.addAll(forms);
            }
        }
        for (Lexicon.Adjective a : lexicon.adjectives()) {
            if (!a.kind().equals("-")) {
                units.computeIfAbsent(a.lemma(), k -> new TreeSet<>()).add(a.lemma());
            } else {
                neutral.add(a.lemma());
            }
        }
        lexicon.verbs().forEach(v -> neutral.addAll(Lexicon.forms(v)));
        neutral.addAll(lexicon.adverbs());
        List<String> names = new ArrayList<>(lexicon.firstNames());
        names.addAll(lexicon.surnames());
        lexicon.cities().forEach(c -> names.add(c.name()));
        lexicon.countries().forEach(c -> {
            names.add(c.name());
            names.add(c.adjective());
        });
        for (String name : names) {
            for (String token : Words.of(name)) {
                units.computeIfAbsent(token, k -> new TreeSet<>()).add(token);
            }
        }

        // candidates: units the grammar stars, and one in five by hash; never one spelled like a grammar word.
        // A hashed candidate also yields to any everyday spelling (a neutral word); a starred one only to words
        // TRAIN can write from the grammar or the filler classes (neutral words appear in glosses alone, which
        // TRAIN filters).
        Map<String, Set<String>> candidates = new TreeMap<>();
        Set<String> trainForms = new TreeSet<>(core);
        units.forEach((unit, forms) -> {
            boolean candidate = !Collections.disjoint(forms, starred) || hashedOut(unit);
            if (candidate && Collections.disjoint(forms, core)) {
                candidates.put(unit, forms);
            } else {
                trainForms.addAll(forms);
            }
        });
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = candidates.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                boolean forced = !Collections.disjoint(e.getValue(), starred);
                if (!Collections.disjoint(e.getValue(), trainForms)
                        || !forced && !Collections.disjoint(e.getValue(), neutral)) {
                    trainForms.addAll(e.getValue());
                    it.remove();
                    changed = true;
                }
            }
        }
        starred.removeAll(trainForms);
        heldOut = new TreeSet<>(starred);
        candidates.values().forEach(heldOut::addAll);

        List<String> problems = new ArrayList<>();
        for (Set<String> option : grammar.heldOutOptionWords()) {
            if (!option.isEmpty() && Collections.disjoint(option, heldOut)) {
                problems.add("option " + option);
            }
        }
        for (Grammar.WordClass c : grammar.classes().values()) {
            for (Grammar.ClassEntry e : c.entries()) {
                if (e.heldOut() && Collections.disjoint(tokens(ClassForms.all(c, e, lexicon)), heldOut)) {
                    problems.add("@" + c.name() + " entry '" + e.lemma() + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("held-out choices with no word of their own (every word can also be"
                    + " written in TRAIN): " + problems);
        }
    }

    /** Whether TRAIN must never write this word (lower case). */
    boolean isHeldOut(String word) {
        return heldOut.contains(word);
    }

    /** Every held-out word. */
    Set<String> heldOut() {
        return Collections.unmodifiableSet(heldOut);
    }

    /** Words of the grammar outside starred options: in every split. */
    Set<String> core() {
        return Collections.unmodifiableSet(core);
    }

    /** The pool of a name or phrase by its words; grammar words count for neither side. */
    Pool poolOf(String text) {
        boolean train = false;
        boolean held = false;
        for (String w : Words.of(text)) {
            if (heldOut.contains(w)) {
                held = true;
            } else if (!core.contains(w)) {
                train = true;
            }
        }
        return held && train ? Pool.MIXED : held ? Pool.HELD_OUT : Pool.TRAIN;
    }

    /** Whether TRAIN may write all of this text. */
    boolean isTrainText(String text) {
        for (String w : Words.of(text)) {
            if (heldOut.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hashedOut(String word) {
        long z = word.hashCode() + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Math.floorMod(z, MODULUS) == 0;
    }

    private static Set<String> tokens(List<String> phrases) {
        Set<String> out = new TreeSet<>();
        phrases.forEach(p -> out.addAll(Words.of(p)));
        return out;
    }
}
