package engram.train;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.train.eval.IntegrityEval;
import engram.train.eval.RetentionEval;
import engram.train.corpus.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few steps of the real trainer on a tiny model: checkpoints load, a resumed run equals an uninterrupted one. */
class TrainerTest {

    @TempDir
    Path dir;

    /** Step 0 is the curriculum step, the others train memory: a resume at 2 crosses the switch. */
    private static TrainConfig tiny(int steps) {
        return tiny(steps, 0);
    }

    private static TrainConfig tiny(int steps, int stopAfter) {
        return TinyTraining.config(steps, stopAfter, "{}");
    }

    private static String run(TrainConfig cfg, Path out) throws IOException {
        return TinyTraining.run(cfg, out);
    }

    @Test
    void anIntegrityRunNeedsAQuestionInEveryWindow() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new IntegrityEval.Options(Corpus.PHRASEBOOK, 100, 20, 10, 1));
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndItsCheckpointServes() throws IOException {
        Path straight = dir.resolve("straight");
        String log = run(tiny(4), straight);
        assertTrue(log.contains("step     4/4"), log);
        assertTrue(Files.size(straight.resolve("loss.png")) > 1000);
        assertEquals(5, Files.readAllLines(straight.resolve("loss.csv")).size(), "header + 4 logged steps");

        Path resumed = dir.resolve("resumed");
        run(tiny(2), resumed);
        String second = run(tiny(4), resumed);
        assertTrue(second.contains("resumed from"), second);
        assertEquals(Files.readAllLines(straight.resolve("loss.csv")).size(),
                Files.readAllLines(resumed.resolve("loss.csv")).size(), "each step logged once");
        String again = run(tiny(4), resumed);
        assertTrue(again.contains("already has its 4 steps"), again);

        // a stage that stops part-way through its schedule, continued by the full config: the same run again
        Path staged = dir.resolve("staged");
        String stopped = run(tiny(4, 3), staged);
        assertTrue(stopped.contains("step     3/4"), stopped);
        run(tiny(4), staged);
        assertSameModel(straight, resumed);
        assertSameModel(straight, staged);

        try (MemoryLLM model = MemoryLLM.load(straight.resolve("model"), EngineOptions.cpu());
             MemoryPool pool = model.newPool(1)) {
            assertEquals(1, model.selfUpdate(pool, "Velora Dynamics named a new chief executive.").version());
            RetentionEval.Report report = new RetentionEval(model, new PrintStream(new ByteArrayOutputStream()))
                    .run(new RetentionEval.Options(Corpus.PHRASEBOOK, 3, 5, 1, List.of(Corpus.HELDOUT_NAMES),
                            RetentionEval.Unrelated.FACTS));
            assertEquals(List.of(1, 2, 5), List.copyOf(report.accuracy().get("HELDOUT_NAMES").keySet()));
            RetentionEval.write(report, dir.resolve("eval"));
            assertTrue(Files.readString(dir.resolve("eval/eval.md")).contains("HELDOUT_NAMES"));
            assertTrue(Files.size(dir.resolve("eval/retention.png")) > 1000);

            IntegrityEval.Report integrity = new IntegrityEval(model, new PrintStream(new ByteArrayOutputStream()))
                    .run(new IntegrityEval.Options(Corpus.PHRASEBOOK, 40, 2, 10, 3));
            assertEquals(20, integrity.questions());
            assertEquals(10, integrity.windowAccuracy().length);
            for (double a : integrity.windowAccuracy()) {
                assertTrue(a >= 0 && a <= 1, "accuracy " + a);
            }
            IntegrityEval.write(integrity, dir.resolve("eval"));
            assertTrue(Files.readString(dir.resolve("eval/integrity.md")).contains("40 consecutive updates"));
            assertTrue(Files.size(dir.resolve("eval/integrity.png")) > 1000);
        }
    }

    private static void assertSameModel(Path a, Path b) throws IOException {
        TinyTraining.assertSameModel(a, b);
    }
}
