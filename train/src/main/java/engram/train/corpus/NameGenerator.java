package engram.train.corpus;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Invents names of people, companies, cities, products, events and teams from syllables (onset + vowel + coda)
 * and a few fixed morphemes, so they are in no list. Each invented word belongs to the held-out pool or the training
 * pool by a fixed hash of its spelling ({@link #isHeldOutWord}); a generator only emits words of its own pool, so
 * the two pools never share a word, whatever the seeds. Words that also occur in the fixed text of the corpus
 * (templates, fillers, values) are never invented.
 */
final class NameGenerator {

    /** One word in {@value #HELD_OUT_ONE_IN} goes to the held-out pool. */
    static final int HELD_OUT_ONE_IN = 5;

    private static final List<String> ONSETS = List.of("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j",
            "k", "kr", "l", "m", "n", "p", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z");
    private static final List<String> VOWELS = List.of("a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "ai", "ou");
    private static final List<String> CODAS = List.of("n", "r", "l", "s", "m", "k", "th", "x");
    static final List<String> SURNAME_ENDINGS = List.of("son", "ez", "ova", "er", "ani", "berg", "ski", "well");
    static final List<String> CITY_ENDINGS = List.of("ton", "ford", "mere", "vik", "burg", "port", "dale", "holm",
            "ora");
    static final List<String> COMPANY_KINDS = List.of("Dynamics", "Labs", "Systems", "Foods", "Motors", "Media",
            "Energy", "Works", "Group", "Robotics", "Logistics", "Bank");
    static final List<String> PRODUCT_MODELS = List.of("Pro", "Mini", "Max", "Air", "One", "Plus", "Go", "Lite",
            "X2", "X5", "S3", "S7", "Neo");
    static final List<String> EVENT_KINDS = List.of("Festival", "Summit", "Expo", "Fair", "Marathon", "Forum",
            "Games", "Film Festival", "Book Fair", "Music Week");
    static final List<String> TEAM_KINDS = List.of("Rovers", "United", "Hawks", "Lions", "Rangers", "Wolves",
            "Comets", "Falcons", "Giants");

    /** Longest invented stem, before any ending: short names keep contexts short for a tiny model. */
    private static final int MAX_CORE_LENGTH = 7;

    private final Random random;
    private final boolean heldOut;
    private final Set<String> reservedLowerCase;

    NameGenerator(Random random, boolean heldOut, Set<String> reservedLowerCase) {
        this.random = random;
        this.heldOut = heldOut;
        this.reservedLowerCase = reservedLowerCase;
    }

    /** Whether an invented word belongs to the held-out pool: a fixed hash of its lower-case spelling. */
    static boolean isHeldOutWord(String word) {
        int h = word.toLowerCase(Locale.ROOT).hashCode();
        // murmur3 finalizer: String.hashCode alone clusters similar spellings
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, HELD_OUT_ONE_IN) == 0;
    }

    /** e.g. "Tamsin Okafor". */
    String person() {
        return firstName() + " " + surname();
    }

    String firstName() {
        return word(2, 2, List.of(), 0);
    }

    String surname() {
        return word(2, 3, SURNAME_ENDINGS, 0.3);
    }

    /** e.g. "Velora Dynamics". */
    String company() {
        return word(2, 3, List.of(), 0) + " " + Values.pick(random, COMPANY_KINDS);
    }

    /** e.g. "Kelmora". */
    String city() {
        return word(1, 2, CITY_ENDINGS, 0.6);
    }

    /** e.g. "Lumo Pro" (written "the Lumo Pro" in text). */
    String product() {
        return word(2, 2, List.of(), 0) + " " + Values.pick(random, PRODUCT_MODELS);
    }

    /** e.g. "Solmere Festival" (written "the Solmere Festival" in text). */
    String event() {
        return word(2, 2, List.of(), 0) + " " + Values.pick(random, EVENT_KINDS);
    }

    /** e.g. "Dravik Rovers". */
    String team() {
        return city() + " " + Values.pick(random, TEAM_KINDS);
    }

    /**
     * A capitalised invented word of this generator's pool: {@code minSyllables..maxSyllables} syllables, then with
     * probability {@code endingProbability} one of {@code endings}.
     */
    private String word(int minSyllables, int maxSyllables, List<String> endings, double endingProbability) {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 10_000) {
                throw new IllegalStateException("could not invent a word; syllable tables too small");
            }
            int syllables = minSyllables + random.nextInt(maxSyllables - minSyllables + 1);
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                // a vowel-initial first syllable now and then: "Okafor", "Ilsa"
                if (s > 0 || random.nextInt(6) != 0) {
                    word.append(Values.pick(random, ONSETS));
                }
                word.append(Values.pick(random, VOWELS));
                if (s == syllables - 1 ? random.nextBoolean() : random.nextInt(5) == 0) {
                    word.append(Values.pick(random, CODAS));
                }
            }
            if (word.length() > MAX_CORE_LENGTH) {
                continue;
            }
            if (!endings.isEmpty() && random.nextDouble() < endingProbability) {
                word.append(Values.pick(random, endings));
            }
            String text = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            if (text.length() >= 4 && isHeldOutWord(text) == heldOut
                    && !reservedLowerCase.contains(text.toLowerCase(Locale.ROOT))) {
                return text;
            }
        }
    }
}
