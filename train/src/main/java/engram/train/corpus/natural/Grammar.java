package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A weighted context-free grammar whose terminals are words, punctuation, slot values of a {@link Scene} and words of
 * lexical classes; parsed from the resource files by {@link GrammarParser}, expanded by {@link Realizer}.
 *
 * <p>A rule has alternatives; each has an id (the rule's name, a dot and its own name: the "rule id" a test looks
 * for), a weight, and a held-out flag: a held-out alternative is never expanded in TRAIN or HELDOUT_NAMES. Inline
 * choices ({@code [named|appointed|*tapped]}) and lexical classes ({@code @appoint = name appoint *tap}) mark held-out
 * options with a star; the words of those options are held-out words, which TRAIN never writes.
 */
final class Grammar {

    /** One symbol of an alternative's body. */
    sealed interface Element permits Literal, Ref, Choice, Slot, ClassWord, Condition, SetFlag {
    }

    /** A word or punctuation mark, written as is. */
    record Literal(String text) implements Element {
    }

    /** Another rule; optional ones are expanded with {@code probability} when they can be. */
    record Ref(String rule, boolean optional, double probability) implements Element {
    }

    /** One of several inline options: {@code [a b|c|*d|]}. */
    record Choice(List<Option> options) implements Element {
    }

    record Option(boolean heldOut, List<Element> body) {
    }

    /** How a slot is written: its value, a mention (the value first, an anaphor after), or a possessive mention. */
    enum SlotMode { VALUE, MENTION, POSSESSIVE }

    /** {@code $var}, {@code ~var} or {@code ~var's}. */
    record Slot(String name, SlotMode mode) implements Element {
    }

    /** A word of a lexical class in a given form: {@code @appoint.past}, {@code @n:goods.pl}. */
    record ClassWord(String className, String form) implements Element {
    }

    /** {@code ?flag} (the scene has the flag) or {@code ?!flag} (it has not). */
    record Condition(String flag, boolean negated) implements Element {
    }

    /** {@code +flag}: sets a scene flag when expanded, for later rules to test. */
    record SetFlag(String flag) implements Element {
    }

    record Alternative(String id, double weight, boolean heldOut, List<Element> body) {
    }

    record Rule(String name, List<Alternative> alternatives) {
    }

    /** A grammar-defined class: a part of speech ('v' verb, 'n' noun, 'w' fixed phrase) and its entries. */
    record WordClass(String name, char pos, List<ClassEntry> entries) {
    }

    /**
     * One entry of a class: a lemma (a multi-word verb inflects its first word: "take over" -> "took over") and,
     * when the lexicon lacks it, explicit forms.
     */
    record ClassEntry(String lemma, boolean heldOut, List<String> explicitForms) {
    }

    private final Map<String, Rule> rules;
    private final Map<String, WordClass> classes;

    Grammar(Map<String, Rule> rules, Map<String, WordClass> classes) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        this.classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    Rule rule(String name) {
        Rule rule = rules.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("no rule " + name);
        }
        return rule;
    }

    boolean hasRule(String name) {
        return rules.containsKey(name);
    }

    Map<String, Rule> rules() {
        return rules;
    }

    WordClass wordClass(String name) {
        return classes.get(name);
    }

    Map<String, WordClass> classes() {
        return classes;
    }

    /** Ids of every held-out alternative. */
    Set<String> heldOutRuleIds() {
        Set<String> ids = new TreeSet<>();
        rules.values().forEach(r -> r.alternatives().stream().filter(Alternative::heldOut)
                .forEach(a -> ids.add(a.id())));
        return ids;
    }

    /**
     * Literal words, lower case: with {@code heldOut} false those of training alternatives outside starred options
     * (every split may write them); with true those of held-out alternatives and starred options.
     */
    Set<String> literalWords(boolean heldOut) {
        Set<String> words = new TreeSet<>();
        for (Rule rule : rules.values()) {
            for (Alternative a : rule.alternatives()) {
                collectWords(a.body(), a.heldOut(), heldOut, words);
            }
        }
        return words;
    }

    private static void collectWords(List<Element> body, boolean insideHeldOut, boolean wantHeldOut,
                                     Set<String> out) {
        for (Element e : body) {
            if (e instanceof Literal l && insideHeldOut == wantHeldOut) {
                out.addAll(Words.of(l.text()));
            } else if (e instanceof Choice c) {
                for (Option o : c.options()) {
                    collectWords(o.body(), insideHeldOut || o.heldOut(), wantHeldOut, out);
                }
            }
        }
    }

    /** The literal words of each starred inline option, one set per option (for checks). */
    List<Set<String>> heldOutOptionWords() {
        List<Set<String>> out = new ArrayList<>();
        for (Rule rule : rules.values()) {
            for (Alternative a : rule.alternatives()) {
                starredOptions(a.body(), out);
            }
        }
        return out;
    }

    private static void starredOptions(List<Element> body, List<Set<String>> out) {
        for (Element e : body) {
            if (e instanceof Choice c) {
                for (Option o : c.options()) {
                    if (o.heldOut()) {
                        Set<String> words = new TreeSet<>();
                        collectWords(o.body(), true, true, words);
                        out.add(words);
                    }
                    starredOptions(o.body(), out);
                }
            }
        }
    }

    /** Every rule a body refers to (for checks). */
    static List<String> refs(List<Element> body) {
        List<String> out = new ArrayList<>();
        for (Element e : body) {
            if (e instanceof Ref r) {
                out.add(r.rule());
            } else if (e instanceof Choice c) {
                c.options().forEach(o -> out.addAll(refs(o.body())));
            }
        }
        return out;
    }
}
