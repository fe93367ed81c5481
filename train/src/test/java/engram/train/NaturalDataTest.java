package engram.train;

import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.Corpus;
import engram.train.corpus.FactSource;
import engram.train.corpus.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's data from the natural corpus: items as the service writes them, prose rows, one function of the step. */
class NaturalDataTest {

    private static Tokenizer tokenizer;
    private static int eos;

    @BeforeAll
    static void load() throws IOException {
        // the phrasebook model's byte-level tokenizer encodes any text; which merges it has does not matter here
        tokenizer = Tokenizer.load(Path.of("..", "models", "engram-tiny", "tokenizer.json"));
        eos = tokenizer.idOf("<|endoftext|>").orElseThrow();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void aNaturalBatchIsEachItemAsWrittenWithTwoOfItsQuestions() {
        TrainingBatch a = TrainingBatch.natural(3, 11, 6, 128, tokenizer, eos);
        TrainingBatch b = TrainingBatch.natural(3, 11, 6, 128, tokenizer, eos);
        assertTrue(Arrays.deepEquals(a.contexts(), b.contexts()), "a pure function of (seed, step)");
        for (int i = 0; i < a.questions().size(); i++) {
            assertArrayEquals(a.questions().get(i).ids(), b.questions().get(i).ids());
        }
        assertFalse(Arrays.deepEquals(a.contexts(), TrainingBatch.natural(3, 12, 6, 128, tokenizer, eos).contexts()));
        assertEquals(6, a.questions().size());
        assertEquals(6, a.otherQuestions().size());
        int longest = 0;
        for (int b2 = 0; b2 < 6; b2++) {
            int[] context = a.contexts()[b2];
            assertTrue(context.length >= TrainingBatch.MIN_CONTEXT && context.length <= 128, "length " + context.length);
            longest = Math.max(longest, context.length);
            String text = tokenizer.decode(context);
            assertTrue(text.contains(a.questions().get(b2).answer()), "the answer is in the item: " + text);
            assertTrue(text.contains(a.otherQuestions().get(b2).answer()), "so is the other's: " + text);
        }
        assertEquals(longest, a.contextLength());
        assertFalse(a.uniformLength(), "items keep their own lengths");
        for (int[] c : TrainingBatch.natural(3, 11, 6, 40, tokenizer, eos).contexts()) {
            assertTrue(c.length <= 40, "no item longer than the limit");
        }
    }

    @Test
    void proseRowsArePackedParagraphsOfTheStep() {
        ProseRows prose = new ProseRows(5, tokenizer, eos);
        int[][] rows = prose.of(4, 3, 96);
        assertEquals(3, rows.length);
        for (int[] row : rows) {
            assertEquals(96, row.length);
        }
        assertTrue(Arrays.stream(rows).flatMapToInt(Arrays::stream).anyMatch(id -> id == eos),
                "paragraphs are separated by the end-of-text token");
        assertTrue(Arrays.deepEquals(rows, prose.of(4, 3, 96)));
        assertFalse(Arrays.deepEquals(rows, prose.of(5, 3, 96)));
    }

    @Test
    void bothCorporaGiveFactsWhoseAnswerIsInTheirContext() {
        for (Corpus corpus : Corpus.values()) {
            for (String split : corpus.evalSplits()) {
                FactSource facts = corpus.facts(1, split, 0);
                for (int i = 0; i < 20; i++) {
                    Sample s = facts.nextSample();
                    assertTrue(s.context().text().contains(s.question().answer()), corpus + " " + split);
                }
                assertFalse(facts.filler().isBlank());
            }
        }
        assertEquals(Corpus.NATURAL, Corpus.of("Natural"));
    }

    @Test
    void theTrainerRunsOnTheNaturalCorpus(@TempDir Path dir) throws IOException {
        TrainConfig cfg = TrainConfig.parse("""
                {"seed": 9,
                 "model": {"hiddenSize": 32, "layers": 2, "heads": 2, "intermediateSize": 64, "vocabSize": 320,
                           "numTokens": 8, "numBlocks": 4, "maxPositions": 256, "tieEmbeddings": true},
                 "data": {"corpus": "natural", "tokenizerSamples": 200, "contextLengths": [96]},
                 "optimisation": {"streams": 3, "steps": 6, "learningRate": 1e-3, "warmupSteps": 2},
                 "curriculum": {"steps": 2, "batch": 2},
                 "objectives": {"retention": {"maxAge": 2}, "deltaOnly": {"probability": 1.0},
                                "inContext": {"weight": 0.5, "lmLossWeight": 0.3},
                                "prose": {"weight": 1.0, "rows": 2, "length": 48},
                                "poolWindow": {"rows": 16, "fullPoolProbability": 0.5}},
                 "run": {"logEvery": 1, "checkpointEvery": 6}}
                """, "natural");
        String log = TinyTraining.run(cfg, dir);
        assertTrue(log.contains("step     6/6"), log);
        String config = Files.readString(dir.resolve("model/config.json"));
        assertTrue(config.contains("\"tie_word_embeddings\": true"), config);
        assertTrue(config.contains("\"engram_max_chunk_tokens\": 96"), config);
        assertNotEquals(0, Files.size(dir.resolve("model/model.safetensors")));
    }
}
