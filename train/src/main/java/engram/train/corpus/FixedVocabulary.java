package engram.train.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every word of the corpus that is not invented: template and filler text, values, name morphemes. Invented
 * names avoid these words, so a name of one pool can never be spelled by the fixed text of the other's output.
 */
final class FixedVocabulary {

    private static final Set<String> WORDS = collect();

    private FixedVocabulary() {
    }

    /** The fixed words, lower case. */
    static Set<String> words() {
        return WORDS;
    }

    /** Splits a text into its letter runs ("Tamsin's" gives "Tamsin" and "s"). */
    static List<String> lettersRuns(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static Set<String> collect() {
        List<String> texts = new ArrayList<>();
        Phrasebook.all().forEach(t -> texts.add(t.fixedText()));
        texts.addAll(Fillers.PATTERNS);
        texts.addAll(Values.WEEKDAYS);
        texts.addAll(Values.MONTHS);
        texts.addAll(Values.TITLES);
        Values.FAVOURITES.forEach((category, things) -> {
            texts.add(category);
            texts.addAll(things);
        });
        texts.addAll(NameGenerator.COMPANY_KINDS);
        texts.addAll(NameGenerator.PRODUCT_MODELS);
        texts.addAll(NameGenerator.EVENT_KINDS);
        texts.addAll(NameGenerator.TEAM_KINDS);
        texts.add("Question Answer million");
        Set<String> words = new TreeSet<>();
        for (String text : texts) {
            for (String word : lettersRuns(text)) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableSet(words);
    }
}
