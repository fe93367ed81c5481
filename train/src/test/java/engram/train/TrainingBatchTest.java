package engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A step's data: a pure function of (seed, step), and in-context rows with distractors around the asked fact. */
class TrainingBatchTest {

    private static Tokenizer tokenizer;
    private static int eos;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = Tokenizer.load(Path.of("..", "models", "engram-tiny", "tokenizer.json"));
        eos = tokenizer.idOf("<|endoftext|>").orElseThrow();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static TrainingBatch batch(long step) {
        return TrainingBatch.of(3, step, 4, new int[] {16, 20, 24}, 0.75, 0, tokenizer, eos);
    }

    @Test
    void theDataOfAStepIsAPureFunctionOfSeedAndStep() {
        TrainingBatch a = batch(7);
        TrainingBatch b = batch(7);
        assertTrue(Arrays.deepEquals(a.contexts(), b.contexts()));
        assertEquals(a.questions().stream().map(TrainingBatch.Question::answer).toList(),
                b.questions().stream().map(TrainingBatch.Question::answer).toList());
        assertTrue(!Arrays.deepEquals(a.contexts(), batch(8).contexts()), "another step, other data");
        for (int[] context : a.contexts()) {
            assertEquals(a.contextLength(), context.length, "one length per step, so the contexts batch");
        }
    }

    @Test
    void distractorsSurroundTheAskedFactAndTheTargetStaysItsAnswer() {
        TrainingBatch batch = batch(5);
        List<TrainingBatch.Question> alone = batch.inContextQuestions();
        List<TrainingBatch.Question> crowded = batch.inContextQuestions(2, 11);
        int t = batch.contextLength();
        for (int r = 0; r < alone.size(); r++) {
            TrainingBatch.Question q = crowded.get(r);
            assertEquals(alone.get(r).targetStart() + 2 * t, q.targetStart(), "three contexts before the question");
            assertArrayEquals(Arrays.copyOfRange(alone.get(r).ids(), alone.get(r).targetStart(), alone.get(r).ids().length),
                    Arrays.copyOfRange(q.ids(), q.targetStart(), q.ids().length), "same answer tokens");
            int[] own = batch.contexts()[r];
            boolean found = false;
            for (int at = 0; at <= 2 * t && !found; at += t) {
                found = Arrays.equals(own, Arrays.copyOfRange(q.ids(), at, at + t));
            }
            assertTrue(found, "row " + r + " holds its own fact's context");
        }
        assertEquals(crowded.stream().map(q -> Arrays.toString(q.ids())).toList(),
                batch.inContextQuestions(2, 11).stream().map(q -> Arrays.toString(q.ids())).toList(), "seeded order");
    }
}
