package engram.train.corpus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusGeneratorTest {

    private static final int SAMPLES = 2000;

    @Test
    void sameSeedGivesIdenticalOutputAndAnotherSeedDoesNot() {
        assertEquals(draw(7, Split.TRAIN, 500), draw(7, Split.TRAIN, 500));
        assertEquals(draw(7, Split.HELDOUT_TEMPLATES, 200), draw(7, Split.HELDOUT_TEMPLATES, 200));
        assertNotEquals(draw(7, Split.TRAIN, 50), draw(8, Split.TRAIN, 50));
        assertNotEquals(draw(7, Split.HELDOUT_NAMES, 50), draw(7, Split.HELDOUT_TEMPLATES, 50));
    }

    @Test
    void everyAnswerIsASpanOfItsContext() {
        for (Split split : Split.values()) {
            CorpusGenerator generator = new CorpusGenerator(11, split);
            for (int i = 0; i < SAMPLES; i++) {
                Sample sample = generator.nextSample();
                Document context = sample.context();
                QuestionAnswer qa = sample.question();
                Span span = context.slotSpans().get(qa.answerSlot());
                assertTrue(span != null, "answer slot " + qa.answerSlot() + " not located in " + context);
                assertEquals(qa.answer(), span.of(context.text()), context.text());
                for (var slot : context.slotSpans().entrySet()) {
                    assertEquals(sample.fact().value(slot.getKey()), slot.getValue().of(context.text()));
                }
                // the answer is stated once: a distractor never repeats it
                assertEquals(context.text().indexOf(qa.answer()), context.text().lastIndexOf(qa.answer()),
                        "answer occurs twice in: " + context.text());
            }
        }
    }

    @Test
    void heldOutNamesNeverAppearInTrainingOutput() {
        Set<String> heldOutNames = new TreeSet<>();
        for (Split split : List.of(Split.HELDOUT_NAMES, Split.HELDOUT_TEMPLATES)) {
            for (String text : texts(new CorpusGenerator(3, split), SAMPLES)) {
                for (String word : FixedVocabulary.lettersRuns(text)) {
                    if (!FixedVocabulary.words().contains(word.toLowerCase(Locale.ROOT))) {
                        heldOutNames.add(word.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        Set<String> trainWords = new HashSet<>();
        for (long seed = 1; seed <= 3; seed++) {
            for (String text : texts(new CorpusGenerator(seed, Split.TRAIN), SAMPLES)) {
                for (String word : FixedVocabulary.lettersRuns(text)) {
                    trainWords.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        assertTrue(heldOutNames.size() > 4000, "too few held-out names: " + heldOutNames.size());
        assertTrue(trainWords.size() > 10_000, "too few training words: " + trainWords.size());
        Set<String> leaked = new TreeSet<>(heldOutNames);
        leaked.retainAll(trainWords);
        assertTrue(leaked.isEmpty(), "held-out names in TRAIN output: " + leaked);
    }

    @Test
    void heldOutTemplatesNeverAppearInTrainingOutput() {
        List<Pattern> heldOut = Phrasebook.all().stream().filter(Template::heldOut).map(Template::matcher).toList();
        assertTrue(heldOut.size() >= 2 * Relation.values().length);
        for (Split split : List.of(Split.TRAIN, Split.HELDOUT_NAMES)) {
            CorpusGenerator generator = new CorpusGenerator(5, split);
            for (int i = 0; i < SAMPLES; i++) {
                Sample sample = generator.nextSample();
                for (String id : sample.context().templateIds()) {
                    assertFalse(id.contains(".h"), split + " used held-out phrasing " + id);
                }
                assertFalse(sample.question().templateId().contains(".h"), sample.question().templateId());
                for (Pattern pattern : heldOut) {
                    assertFalse(pattern.matcher(sample.context().text()).find(),
                            pattern + " matches " + sample.context().text());
                    assertFalse(pattern.matcher(sample.question().question()).find(),
                            pattern + " matches " + sample.question().question());
                }
            }
        }
        CorpusGenerator heldOutTemplates = new CorpusGenerator(5, Split.HELDOUT_TEMPLATES);
        for (int i = 0; i < 500; i++) {
            Sample sample = heldOutTemplates.nextSample();
            assertTrue(sample.context().templateIds().get(0).contains(".hc"), sample.context().templateIds().get(0));
            assertTrue(sample.question().templateId().contains(".hq"), sample.question().templateId());
        }
    }

    @Test
    void coversEveryRelationPhrasingAndQuestionWithFreshNames() {
        CorpusGenerator generator = new CorpusGenerator(13, Split.TRAIN);
        Set<Relation> relations = EnumSet.noneOf(Relation.class);
        Set<String> phrasings = new HashSet<>();
        Set<String> questions = new HashSet<>();
        Set<String> contexts = new HashSet<>();
        Set<String> people = new HashSet<>();
        int peopleDrawn = 0;
        for (int i = 0; i < SAMPLES; i++) {
            Sample sample = generator.nextSample();
            relations.add(sample.fact().relation());
            phrasings.add(sample.context().templateIds().get(0));
            questions.add(sample.question().templateId());
            contexts.add(sample.context().text());
            people.add(sample.fact().value("speaker"));
            peopleDrawn++;
        }
        long trainPhrasings = Phrasebook.all().stream().filter(t -> !t.heldOut() && !t.isQuestion()).count();
        long trainQuestions = Phrasebook.all().stream().filter(t -> !t.heldOut() && t.isQuestion()).count();
        assertEquals(Relation.values().length, relations.size());
        assertTrue(relations.size() >= 12);
        assertEquals(trainPhrasings, phrasings.size());
        assertEquals(trainQuestions, questions.size());
        assertTrue(contexts.size() > SAMPLES * 0.99, "contexts repeat: " + contexts.size());
        assertTrue(people.size() > peopleDrawn * 0.98, "names repeat: " + people.size() + " of " + peopleDrawn);
    }

    @Test
    void contextsAndFillersAreShortSentences() {
        CorpusGenerator generator = new CorpusGenerator(17, Split.TRAIN);
        int totalLength = 0;
        for (int i = 0; i < SAMPLES; i++) {
            String text = generator.nextSample().context().text();
            assertTrue(Character.isUpperCase(text.charAt(0)), text);
            assertTrue(".?!".indexOf(text.charAt(text.length() - 1)) >= 0, text);
            assertTrue(text.length() <= 220, "context too long: " + text);
            totalLength += text.length();
            String filler = generator.filler();
            assertTrue(Character.isUpperCase(filler.charAt(0)) && (filler.endsWith(".") || filler.endsWith("?")),
                    filler);
        }
        assertTrue(totalLength / SAMPLES < 120, "mean context length " + totalLength / SAMPLES);
    }

    @Test
    void contextGrowsToAMinimumLengthWithoutLosingTheAnswer() {
        CorpusGenerator generator = new CorpusGenerator(19, Split.HELDOUT_NAMES);
        for (int i = 0; i < 500; i++) {
            Fact fact = generator.nextFact();
            Document context = generator.context(fact, 160, String::length);
            assertTrue(context.text().length() >= 160, context.text());
            assertTrue(context.templateIds().size() >= 3, context.templateIds().toString());
            for (String slot : context.slotSpans().keySet()) {
                assertEquals(fact.value(slot), context.slotText(slot));
            }
            QuestionAnswer qa = generator.question(fact);
            assertEquals(context.text().indexOf(qa.answer()), context.text().lastIndexOf(qa.answer()),
                    context.text());
        }
    }

    @Test
    void aSampleCanPairAnyPhrasingWithAnyQuestionTemplate() {
        CorpusGenerator generator = new CorpusGenerator(23, Split.HELDOUT_NAMES);
        for (boolean heldOutPhrasing : new boolean[] {false, true}) {
            for (boolean heldOutQuestion : new boolean[] {false, true}) {
                for (int i = 0; i < 200; i++) {
                    Sample s = generator.nextSample(heldOutPhrasing, heldOutQuestion);
                    assertEquals(heldOutPhrasing, s.context().templateIds().get(0).contains(".hc"), s.toString());
                    assertEquals(heldOutQuestion, s.question().templateId().contains(".hq"), s.toString());
                    assertEquals(s.question().answer(), s.context().slotText(s.question().answerSlot()));
                }
            }
        }
    }

    private static List<Object> draw(long seed, Split split, int count) {
        CorpusGenerator generator = new CorpusGenerator(seed, split);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generator.nextSample());
            out.add(generator.filler());
        }
        return out;
    }

    private static List<String> texts(CorpusGenerator generator, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample sample = generator.nextSample();
            texts.add(sample.context().text());
            texts.add(sample.question().question());
            texts.add(sample.question().answer());
            texts.add(generator.filler());
        }
        return texts;
    }
}
