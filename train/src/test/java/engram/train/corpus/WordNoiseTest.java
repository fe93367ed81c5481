package engram.train.corpus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordNoiseTest {

    private static final Template CEO = new Template("ceo.c1", Relation.CEO,
            "{company} named {person} as chief executive on {weekday}.", null, false);

    @Test
    void rateZeroLeavesTheTemplateAndTheRandomUntouched() {
        Random random = new Random(3);
        assertSame(CEO, new WordNoise(0).apply(CEO, random));
        assertEquals(new Random(3).nextLong(), random.nextLong());
    }

    @Test
    void rateOneReplacesEveryFixedWordAndKeepsSlotsAndPunctuation() {
        Template noisy = new WordNoise(1).apply(CEO, new Random(5));
        assertEquals(CEO.slots(), noisy.slots());
        assertEquals(CEO.id(), noisy.id());
        assertTrue(noisy.pattern().startsWith("{company} ") && noisy.pattern().endsWith(" {weekday}."), noisy.pattern());
        List<String> before = FixedVocabulary.lettersRuns(CEO.fixedText());
        List<String> after = FixedVocabulary.lettersRuns(noisy.fixedText());
        assertEquals(before.size(), after.size(), noisy.pattern());
        assertTrue(WordNoise.WORDS.containsAll(after), noisy.pattern());
        assertNotEquals(before, after);
    }

    @Test
    void wordsOnlyHeldOutTemplatesUseAreNeverDrawn() {
        // "training" wording is that of the training templates and the filler, which every split shares
        Set<String> heldOutOnly = new TreeSet<>();
        Set<String> training = new TreeSet<>();
        for (Template t : Phrasebook.all()) {
            for (String w : FixedVocabulary.lettersRuns(t.fixedText())) {
                (t.heldOut() ? heldOutOnly : training).add(w.toLowerCase(Locale.ROOT));
            }
        }
        for (String filler : Fillers.PATTERNS) {
            FixedVocabulary.lettersRuns(filler).forEach(w -> training.add(w.toLowerCase(Locale.ROOT)));
        }
        heldOutOnly.removeAll(training);
        assertTrue(heldOutOnly.containsAll(List.of("spouse", "promoted", "charge", "native", "knot")), heldOutOnly.toString());
        for (String w : heldOutOnly) {
            assertTrue(!WordNoise.WORDS.contains(w), w);
        }
        assertTrue(WordNoise.WORDS.containsAll(List.of("named", "married", "weather")));
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new WordNoise(1.5));
        assertThrows(IllegalArgumentException.class, () -> new WordNoise(Double.NaN));
    }

    @Test
    void aNoisyGeneratorKeepsEveryAnswerASpanOfItsContext() {
        CorpusGenerator plain = new CorpusGenerator(21, Split.TRAIN, 0);
        CorpusGenerator same = new CorpusGenerator(21, Split.TRAIN);
        CorpusGenerator noisy = new CorpusGenerator(21, Split.TRAIN, 0.3);
        List<String> plainTexts = new ArrayList<>();
        List<String> noisyTexts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Sample a = plain.nextSample();
            assertEquals(a, same.nextSample());
            Sample s = noisy.nextSample();
            assertTrue(s.context().text().contains(s.question().answer()), s.toString());
            assertEquals(s.fact().value(s.question().answerSlot()), s.question().answer());
            assertEquals(s.question().answer(), s.context().slotText(s.question().answerSlot()));
            plainTexts.add(a.context().text() + " " + a.question().question());
            noisyTexts.add(s.context().text() + " " + s.question().question());
        }
        long changed = 0;
        for (int i = 0; i < 500; i++) {
            if (!plainTexts.get(i).equals(noisyTexts.get(i))) {
                changed++;
            }
        }
        assertTrue(changed > 400, "noisy samples: " + changed);
    }
}
