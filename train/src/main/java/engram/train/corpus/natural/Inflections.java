package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * English inflection for {@link LexiconBuilder}: WordNet's exception lists give the irregular forms, spelling rules
 * give the regular ones, and a word list (SCOWL's american-english-large) decides between spellings the rules cannot
 * ("tapped" or "taped", "visited" or "visitted") and drops forms no dictionary has. Where WordNet lists one
 * irregular form for both past and participle ("bought"), it serves as both; where it lists two, the one in -n
 * ("taken", "risen") or with u for a ("begun", "sung") is the participle.
 */
final class Inflections {

    /** Verbs whose past and participle are the base form (WordNet lists no exception for them). */
    private static final Set<String> UNCHANGED_PAST = Set.of("bet", "broadcast", "burst", "cast", "cost", "cut",
            "forecast", "hit", "hurt", "let", "offset", "put", "quit", "read", "set", "shed", "shut", "slit",
            "split", "spread", "thrust", "upset", "bid", "outbid", "overcast", "reset", "beset", "inset");

    private final Set<String> known;
    private final WordNetFiles wordNet;

    Inflections(Set<String> known, WordNetFiles wordNet) {
        this.known = known;
        this.wordNet = wordNet;
    }

    /** A noun's plural, or null when it has none in the word list (mass nouns, rare words). */
    String plural(String noun) {
        List<String> irregular = wordNet.irregularForms(noun, 'n');
        for (String form : irregular) {
            if (known.contains(form)) {
                return form;
            }
        }
        String regular = sibilantPlural(noun);
        return known.contains(regular) ? regular : null;
    }

    /** third person singular, past, past participle, present participle; null when the verb has no such forms. */
    List<String> verbForms(String verb) {
        String third = verb.equals("have") ? "has" : sibilantPlural(verb);
        String ing = ing(verb);
        String past;
        String participle;
        List<String> irregular = new ArrayList<>(wordNet.irregularForms(verb, 'v'));
        irregular.removeIf(f -> f.equals("was") || f.equals("were") || f.equals(third) || f.endsWith("ing")
                || !known.contains(f)); // "slidden": archaic forms the word list lacks
        String regular = regularPast(verb);
        if (UNCHANGED_PAST.contains(verb)) {
            past = verb;
            participle = verb;
        } else if (irregular.isEmpty()) {
            past = regular != null ? regular : verb;
            participle = past;
        } else if (irregular.size() == 1) {
            String form = irregular.get(0);
            boolean weakT = form.endsWith("t") && (form.startsWith(verb)
                    || form.equals(verb.substring(0, verb.length() - 1) + "t"));
            if (weakT && regular != null) {
                past = regular; // "dreamed" over "dreamt": the American form
                participle = regular;
            } else if (form.startsWith(verb) && form.endsWith("n")) {
                past = regular != null ? regular : verb; // "proved / proven", "showed / shown", "beat / beaten"
                participle = form;
            } else if (verb.endsWith("ome") || verb.endsWith("run")) {
                past = form; // "came / come", "ran / run"
                participle = verb;
            } else {
                past = form;
                participle = form;
            }
        } else {
            participle = null;
            for (String form : irregular) {
                for (String other : irregular) {
                    if (!form.equals(other) && form.length() == other.length()
                            && form.replace('u', 'a').equals(other)) {
                        participle = form; // "begun" beside "began"
                    }
                }
            }
            for (String form : irregular) {
                if (participle == null && form.matches(".*(n|ne)")) {
                    participle = form; // "taken", "gone"
                }
            }
            if (participle == null) {
                participle = irregular.get(irregular.size() - 1);
            }
            past = null;
            for (String form : irregular) {
                if (!form.equals(participle) && past == null) {
                    past = form;
                }
            }
        }
        if (!known.contains(third) || ing == null || !known.contains(past) || !known.contains(participle)) {
            return null;
        }
        return List.of(third, past, participle, ing);
    }

    private static String sibilantPlural(String word) {
        if (word.matches(".*(s|x|z|ch|sh)")) {
            return word + "es";
        }
        if (word.matches(".*[^aeiou]y")) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        if (word.matches(".*[^aeiou]o") && word.length() <= 3) {
            return word + "es"; // goes, does, vetoes is rare enough to lose
        }
        return word + "s";
    }

    private String regularPast(String verb) {
        List<String> candidates = new ArrayList<>();
        if (verb.endsWith("e")) {
            candidates.add(verb + "d");
        } else if (verb.matches(".*[^aeiou]y")) {
            candidates.add(verb.substring(0, verb.length() - 1) + "ied");
        } else {
            if (doublable(verb)) {
                candidates.add(verb + verb.charAt(verb.length() - 1) + "ed");
            }
            candidates.add(verb + "ed");
        }
        return choose(verb, candidates);
    }

    private String ing(String verb) {
        List<String> candidates = new ArrayList<>();
        if (verb.endsWith("ie")) {
            candidates.add(verb.substring(0, verb.length() - 2) + "ying");
        } else if (verb.endsWith("e") && !verb.matches(".*(ee|ye|oe)") && !verb.equals("be")) {
            candidates.add(verb.substring(0, verb.length() - 1) + "ing");
        } else {
            if (doublable(verb)) {
                candidates.add(verb + verb.charAt(verb.length() - 1) + "ing");
            }
            candidates.add(verb + "ing");
        }
        return choose(verb, candidates);
    }

    /**
     * The candidate the word list has; when it has two (a doubled and a plain consonant), the doubled one for a
     * one-syllable verb ("tapped"), else the plain one ("visited").
     */
    private String choose(String verb, List<String> candidates) {
        List<String> present = candidates.stream().filter(known::contains).toList();
        if (present.isEmpty()) {
            return null;
        }
        if (present.size() == 1) {
            return present.get(0);
        }
        return syllables(verb) == 1 ? present.get(0) : present.get(present.size() - 1);
    }

    private static boolean doublable(String verb) {
        return verb.matches(".*([^aeiou]|qu)[aeiou][bcdfgklmnprstvz]");
    }

    private static int syllables(String word) {
        return word.replaceAll("e$", "").split("[aeiouy]+", -1).length - 1;
    }
}
