package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Expands grammar rules into text for one scene. At each rule it picks among the alternatives that can be written
 * (every slot they state is in the scene and not yet stated, every flag they test holds, every rule they need can
 * itself be expanded), by weight; an optional rule is tried with its probability. Held-out alternatives, options and
 * words are used only when {@code heldOut} is set, and then preferred ({@link #PREFER_HELD_OUT}) so that held-out
 * text is mostly held-out material. The ids of the alternatives used are recorded in order.
 */
final class Realizer {

    /** In held-out text, the chance of taking a held-out choice where one can be taken. */
    static final double PREFER_HELD_OUT = 0.7;
    private static final int MAX_DEPTH = 24;

    /** The grammar could not finish the text for this scene (a slot it needs was already stated). */
    static final class Dead extends RuntimeException {
        Dead(String message) {
            super(message, null, false, false);
        }
    }

    private final Grammar grammar;
    private final Vocabulary vocabulary;
    private final Scene scene;
    private final Random random;
    private final boolean heldOut;
    private final TextBuilder out;
    private final List<String> trace = new ArrayList<>();
    private final Map<String, Boolean> expandable = new HashMap<>();
    /** Sentence alternatives already written: an item never says the same sentence twice. */
    private final Set<String> sentencesUsed = new HashSet<>();
    private int cachedVersion = -1;
    private String heldOutOnly;

    Realizer(Grammar grammar, Vocabulary vocabulary, Scene scene, Random random, boolean heldOut, TextBuilder out) {
        this.grammar = grammar;
        this.vocabulary = vocabulary;
        this.scene = scene;
        this.random = random;
        this.heldOut = heldOut;
        this.out = out;
    }

    /** Restricts one rule to its held-out alternatives (question forms in NATURAL_HELDOUT); null for none. */
    void requireHeldOut(String rule) {
        this.heldOutOnly = rule;
    }

    /** Ids of the alternatives expanded so far, in order. */
    List<String> trace() {
        return trace;
    }

    /** Expands a rule; {@link Dead} when none of its alternatives can be written. */
    void expand(String rule) {
        expand(rule, 0);
    }

    /** Whether the rule has an alternative that can be written now. */
    boolean canExpand(String rule) {
        return canExpand(rule, 0);
    }

    private void expand(String ruleName, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Dead("grammar too deep at " + ruleName);
        }
        Grammar.Rule rule = grammar.rule(ruleName);
        List<Grammar.Alternative> eligible = new ArrayList<>();
        List<Grammar.Alternative> heldOutEligible = new ArrayList<>();
        for (Grammar.Alternative a : rule.alternatives()) {
            if ((heldOut || !a.heldOut()) && (!a.heldOut() ? !ruleName.equals(heldOutOnly) : true)
                    && !sentencesUsed.contains(a.id()) && eligible(a.body(), depth)) {
                eligible.add(a);
                if (a.heldOut()) {
                    heldOutEligible.add(a);
                }
            }
        }
        if (eligible.isEmpty()) {
            throw new Dead("nothing of " + ruleName + " fits " + scene.relation() + " " + scene.spans().keySet());
        }
        List<Grammar.Alternative> pool = !heldOutEligible.isEmpty() && random.nextDouble() < PREFER_HELD_OUT
                ? heldOutEligible : eligible;
        Grammar.Alternative chosen = weighted(pool);
        trace.add(chosen.id());
        if (isSentence(chosen)) {
            sentencesUsed.add(chosen.id());
        }
        body(chosen.body(), depth + 1);
    }

    private static boolean isSentence(Grammar.Alternative a) {
        for (Grammar.Element e : a.body()) {
            if (e instanceof Grammar.Literal l && l.text().equals(".")) {
                return true;
            }
        }
        return false;
    }

    private Grammar.Alternative weighted(List<Grammar.Alternative> alternatives) {
        double total = 0;
        for (Grammar.Alternative a : alternatives) {
            total += a.weight();
        }
        double r = random.nextDouble() * total;
        for (Grammar.Alternative a : alternatives) {
            r -= a.weight();
            if (r < 0) {
                return a;
            }
        }
        return alternatives.get(alternatives.size() - 1);
    }

    private void body(List<Grammar.Element> body, int depth) {
        for (Grammar.Element e : body) {
            if (e instanceof Grammar.Literal l) {
                out.append(l.text());
            } else if (e instanceof Grammar.Ref r) {
                if (!r.optional()) {
                    expand(r.rule(), depth);
                } else if (random.nextDouble() < r.probability() && canExpand(r.rule(), depth)) {
                    expand(r.rule(), depth);
                }
            } else if (e instanceof Grammar.Choice c) {
                choice(c, depth);
            } else if (e instanceof Grammar.Slot s) {
                slot(s);
            } else if (e instanceof Grammar.ClassWord w) {
                String word = vocabulary.choose(w, heldOut, PREFER_HELD_OUT, random);
                if (word == null) {
                    throw new Dead("class @" + w.className() + " is empty");
                }
                out.append(word);
            } else if (e instanceof Grammar.Condition c) {
                if (scene.hasFlag(c.flag()) == c.negated()) {
                    throw new Dead("flag " + c.flag() + " changed");
                }
            } else if (e instanceof Grammar.SetFlag f) {
                scene.flag(f.flag());
            }
        }
    }

    private void choice(Grammar.Choice c, int depth) {
        List<Grammar.Option> eligible = new ArrayList<>();
        List<Grammar.Option> heldOutEligible = new ArrayList<>();
        for (Grammar.Option o : c.options()) {
            if ((heldOut || !o.heldOut()) && eligible(o.body(), depth)) {
                eligible.add(o);
                if (o.heldOut()) {
                    heldOutEligible.add(o);
                }
            }
        }
        if (eligible.isEmpty()) {
            throw new Dead("no option of a choice fits");
        }
        List<Grammar.Option> pool = !heldOutEligible.isEmpty() && random.nextDouble() < PREFER_HELD_OUT
                ? heldOutEligible : eligible;
        body(pool.get(random.nextInt(pool.size())).body(), depth + 1);
    }

    private void slot(Grammar.Slot s) {
        Value v = scene.value(s.name());
        boolean first = !scene.stated(s.name());
        if (!first && s.mode() == Grammar.SlotMode.VALUE) {
            throw new Dead("slot " + s.name() + " already stated");
        }
        if (first) {
            Span span = out.append(v.text());
            scene.state(s.name(), span);
            if (s.mode() == Grammar.SlotMode.POSSESSIVE) {
                out.append("'s");
            }
            return;
        }
        List<String> forms = s.mode() == Grammar.SlotMode.POSSESSIVE ? v.possessives() : v.anaphors();
        if (forms.isEmpty()) {
            throw new Dead("slot " + s.name() + " has no anaphor");
        }
        // once another organisation is on stage, "the company" or "it" could mean either: use the short name
        boolean crowded = (v.kind() == Value.Kind.ORG || v.kind() == Value.Kind.TEAM) && otherStated(s.name(), v.kind());
        out.append(crowded ? forms.get(0) : forms.get(random.nextInt(forms.size())));
    }

    private boolean otherStated(String slot, Value.Kind kind) {
        for (String other : scene.spans().keySet()) {
            if (!other.equals(slot) && scene.value(other).kind() == kind) {
                return true;
            }
        }
        return false;
    }

    private boolean canExpand(String ruleName, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (cachedVersion != scene.version()) {
            expandable.clear();
            cachedVersion = scene.version();
        }
        Boolean known = expandable.get(ruleName);
        if (known != null) {
            return known;
        }
        expandable.put(ruleName, false); // a rule that needs itself cannot be finished through that path
        boolean can = false;
        for (Grammar.Alternative a : grammar.rule(ruleName).alternatives()) {
            if ((heldOut || !a.heldOut()) && !sentencesUsed.contains(a.id()) && eligible(a.body(), depth + 1)) {
                can = true;
                break;
            }
        }
        expandable.put(ruleName, can);
        return can;
    }

    private boolean eligible(List<Grammar.Element> body, int depth) {
        for (Grammar.Element e : body) {
            boolean ok = true;
            if (e instanceof Grammar.Ref r) {
                ok = r.optional() || canExpand(r.rule(), depth);
            } else if (e instanceof Grammar.Choice c) {
                ok = c.options().stream().anyMatch(o -> (heldOut || !o.heldOut()) && eligible(o.body(), depth));
            } else if (e instanceof Grammar.Slot s) {
                ok = scene.has(s.name()) && (s.mode() != Grammar.SlotMode.VALUE || !scene.stated(s.name()));
            } else if (e instanceof Grammar.ClassWord w) {
                ok = vocabulary.available(w, heldOut);
            } else if (e instanceof Grammar.Condition c) {
                ok = scene.hasFlag(c.flag()) != c.negated();
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
