package engram.engine;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code engram_memory_positions}: with "shared" every memory row sits at one RoPE position, so what a prompt reads
 * from the pool cannot depend on the order of its rows (the age of what they hold); with the paper's sequential
 * positions it does.
 */
class MemoryPositionsTest {

    @TempDir
    Path dir;

    /** Largest change of the next-token logits when the pool's rows are put in reverse order. */
    private double logitChangeWhenThePoolIsReversed(String positions, boolean cached) throws IOException {
        ModelConfig config = TinyModels.withMemoryPositions(TinyModels.plain(32, 2, 4, 8, 64, 64), positions);
        Path modelDir = TinyModels.write(dir.resolve(positions + cached), config, 11);
        try (MemoryLLM model = MemoryLLM.load(modelDir, EngineOptions.cpu());
             MemoryPool pool = model.newPool(5)) {
            for (int u = 0; u < 6; u++) {
                model.selfUpdate(pool, new int[] {4 + u, 9, 17 + u, 30, 41 - u, 50, 12, 7});
            }
            int[] prompt = {5, 22, 31, 44};
            float[] before = model.nextTokenLogits(pool, prompt, cached);
            NDArray reversed = pool.rows().flip(1).duplicate();
            pool.advance(reversed);
            float[] after = model.nextTokenLogits(pool, prompt, cached);
            double change = 0;
            for (int i = 0; i < before.length; i++) {
                change = Math.max(change, Math.abs(before[i] - after[i]));
            }
            return change;
        }
    }

    @Test
    void sharedPositionsMakeReadingIndependentOfTheRowOrder() throws IOException {
        double fresh = logitChangeWhenThePoolIsReversed("shared", false);
        double cached = logitChangeWhenThePoolIsReversed("shared", true);
        assertTrue(fresh < 1e-6, "change " + fresh);             // fp32 summation order only (measured ~4e-8)
        assertTrue(cached < 1e-6, "cached memory keys/values too: change " + cached);
    }

    @Test
    void sequentialPositionsMakeTheOrderMatter() throws IOException {
        // a random model's attention barely depends on position (measured ~2e-4), but far above fp32 noise
        double change = logitChangeWhenThePoolIsReversed("sequential", false);
        assertTrue(change > 2e-5, "change " + change);
    }

    @Test
    void aReorderedPoolHoldsTheSameRowsInTheGivenOrder() throws IOException {
        ModelConfig config = TinyModels.plain(32, 2, 4, 2, 64, 64);               // N = 8
        try (MemoryLLM model = MemoryLLM.load(TinyModels.write(dir.resolve("m"), config, 3), EngineOptions.cpu());
             MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, new int[] {5, 6, 7, 8, 9});
            int[] order = {7, 6, 5, 4, 3, 2, 1, 0};
            try (MemoryPool reversed = pool.reordered(order)) {
                assertEquals(pool.version(), reversed.version());
                assertTrue(reversed.rows().allClose(pool.rows().flip(1)));
            }
            assertThrows(IllegalArgumentException.class, () -> pool.reordered(new int[] {0, 0, 1, 2, 3, 4, 5, 6}));
            assertThrows(IllegalArgumentException.class, () -> pool.reordered(new int[] {0, 1}));
        }
    }

    @Test
    void theConfigKeyIsParsedWrittenAndCheckedByName() {
        ModelConfig base = TinyModels.plain(32, 1, 4, 4, 64, 64);
        assertEquals(ModelConfig.MemoryPositions.SEQUENTIAL, base.memoryPositions(), "absent = the paper's");
        assertFalse(base.toJson().contains("engram_memory_positions"), "the paper's layout is not written");
        ModelConfig shared = TinyModels.withMemoryPositions(base, "shared");
        assertEquals(ModelConfig.MemoryPositions.SHARED, shared.memoryPositions());
        assertEquals(shared, ModelConfig.parse(shared.toJson()), "round trip");
        ModelConfig.InvalidConfigException e = assertThrows(ModelConfig.InvalidConfigException.class,
                () -> TinyModels.withMemoryPositions(base, "nearest"));
        assertTrue(e.getMessage().contains("engram_memory_positions"), e.getMessage());
    }
}
