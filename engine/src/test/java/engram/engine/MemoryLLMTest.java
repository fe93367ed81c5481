package engram.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Determinism, snapshots, generation and bad input on a tiny random model (d=32, 2 layers, K=4, N=32, GQA, LoRA). */
class MemoryLLMTest {

    @TempDir
    static Path dir;
    static Path modelDir;
    static MemoryLLM model;

    @BeforeAll
    static void load() throws Exception {
        modelDir = TinyModels.write(dir.resolve("model"), TinyModels.eightBStyle(), 3);
        model = MemoryLLM.load(modelDir, EngineOptions.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static List<int[]> updates(int count) {
        List<int[]> out = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            int[] ids = new int[5 + u % 7];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 4 + (u * 13 + i * 5) % 59;
            }
            out.add(ids);
        }
        return out;
    }

    static List<String> checksums(MemoryLLM m, long seed, List<int[]> updates) {
        List<String> out = new ArrayList<>();
        try (MemoryPool pool = m.newPool(seed)) {
            for (int[] u : updates) {
                out.add(m.selfUpdate(pool, u).checksum());
            }
        }
        return out;
    }

    @Test
    void sameSeedAndUpdatesGiveBitIdenticalChecksumsAcrossFreshModels() throws IOException {
        List<String> first = checksums(model, 11, updates(12));
        try (MemoryLLM fresh = MemoryLLM.load(modelDir, EngineOptions.cpu())) {
            assertEquals(first, checksums(fresh, 11, updates(12)));
        }
        assertEquals(12, first.stream().distinct().count(), "every version has its own checksum");
    }

    @Test
    void aDifferentSeedGivesADifferentPool() {
        List<String> a = checksums(model, 11, updates(3));
        List<String> b = checksums(model, 12, updates(3));
        assertNotEquals(a.get(2), b.get(2));
    }

    @Test
    void snapshotAndRestoreInTheMiddleContinuesWithTheSameChecksums() throws IOException {
        List<int[]> all = updates(10);
        List<String> uninterrupted = checksums(model, 99, all);
        Path file = dir.resolve("pool-5.safetensors");
        List<String> resumed = new ArrayList<>();
        try (MemoryPool pool = model.newPool(99)) {
            for (int[] u : all.subList(0, 5)) {
                resumed.add(model.selfUpdate(pool, u).checksum());
            }
            pool.snapshot(file, Map.of("memory_id", "m1"));
        }
        MemoryPool.SnapshotInfo info = MemoryPool.readSnapshotInfo(file);
        assertEquals(5, info.version());
        assertEquals(99, info.seed());
        assertEquals("m1", info.metadata().get("memory_id"));
        try (MemoryLLM fresh = MemoryLLM.load(modelDir, EngineOptions.cpu());
             MemoryPool pool = fresh.restorePool(file)) {
            assertEquals(uninterrupted.get(4), pool.checksum());
            for (int[] u : all.subList(5, 10)) {
                resumed.add(fresh.selfUpdate(pool, u).checksum());
            }
            assertEquals(10, pool.version());
        }
        assertEquals(uninterrupted, resumed);
    }

    @Test
    void aSnapshotIsRefusedByOtherWeightsOfTheSameArchitecture() throws IOException {
        // same config.json and folder name, another seed: only the weights tell the two models apart
        Path otherDir = TinyModels.write(dir.resolve("retrained").resolve("model"), TinyModels.eightBStyle(), 4);
        Path file = dir.resolve("pool-of-the-first-weights.safetensors");
        try (MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, updates(1).get(0));
            pool.snapshot(file, Map.of());
        }
        try (MemoryLLM retrained = MemoryLLM.load(otherDir, EngineOptions.cpu())) {
            assertNotEquals(model.modelId(), retrained.modelId());
            IOException e = assertThrows(IOException.class, () -> retrained.restorePool(file));
            assertTrue(e.getMessage().contains("was written for model " + model.modelId()), e.getMessage());
        }
    }

    @Test
    void aCorruptedSnapshotIsRefused() throws IOException {
        Path file = dir.resolve("corrupt.safetensors");
        try (MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, updates(1).get(0));
            pool.snapshot(file, Map.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> model.restorePool(file));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
    }

    @Test
    void memoryChangesWhatTheModelPredicts() {
        int[] prompt = {5, 6, 7};
        try (MemoryPool pool = model.newPool(3)) {
            float[] before = model.nextTokenLogits(pool, prompt, true);
            model.selfUpdate(pool, updates(1).get(0));
            float[] after = model.nextTokenLogits(pool, prompt, true);
            assertFalse(Arrays.equals(before, after), "a self-update must change the logits");
            assertFalse(Arrays.equals(after, model.nextTokenLogitsWithoutMemory(prompt)));
        }
    }

    @Test
    void cachedMemoryKeysAndValuesGiveIdenticalGenerations() {
        try (MemoryPool pool = model.newPool(8)) {
            for (int[] u : updates(3)) {
                model.selfUpdate(pool, u);
            }
            GenerateOptions greedy = GenerateOptions.greedy(12).withStopTokens(List.of());
            Generation cached = model.generate(pool, new int[] {9, 10, 11}, greedy);
            Generation again = model.generate(pool, new int[] {9, 10, 11}, greedy);
            Generation recomputed = model.generate(pool, new int[] {9, 10, 11}, greedy.withMemoryCache(false));
            assertEquals(12, cached.tokens().length);
            assertArrayEquals(cached.tokens(), again.tokens());
            assertArrayEquals(cached.tokens(), recomputed.tokens());
            assertArrayEquals(model.nextTokenLogits(pool, new int[] {9, 10}, true),
                    model.nextTokenLogits(pool, new int[] {9, 10}, false));
            assertEquals(3, cached.poolVersion());
        }
    }

    @Test
    void decodeStepsWithTheKvCacheMatchAFullPrefillOfTheSameTokens() {
        try (MemoryPool pool = model.newPool(8)) {
            model.selfUpdate(pool, updates(2).get(1));
            int[] prompt = {9, 10, 11};
            Generation g = model.generate(pool, prompt, GenerateOptions.greedy(4).withStopTokens(List.of()));
            int[] extended = new int[prompt.length + 3];
            System.arraycopy(prompt, 0, extended, 0, prompt.length);
            System.arraycopy(g.tokens(), 0, extended, prompt.length, 3);
            float[] logits = model.nextTokenLogits(pool, extended, true);
            assertEquals(g.tokens()[3], Sampler.argMax(logits), "4th token from cache = argmax of full prefill");
        }
    }

    @Test
    void samplingIsSeededAndStopsAtStopTokens() {
        try (MemoryPool pool = model.newPool(8)) {
            GenerateOptions sample = GenerateOptions.sampling(10, 77).withStopTokens(List.of());
            int[] a = model.generate(pool, new int[] {3, 4}, sample).tokens();
            assertArrayEquals(a, model.generate(pool, new int[] {3, 4}, sample).tokens());
            Generation stopped = model.generate(pool, new int[] {3, 4}, sample.withStopTokens(List.of(a[2])));
            assertEquals(Generation.StopReason.STOP_TOKEN, stopped.stopReason());
            assertTrue(stopped.tokens().length <= 2);
        }
    }

    @Test
    void maxNewTokensIsBoundedByThePositionBudget() {
        ModelConfig c = model.config();
        int room = c.positionBudget() - c.generationPrefixRows();
        try (MemoryPool pool = model.newPool(1)) {
            int[] prompt = new int[room - 3];
            Arrays.fill(prompt, 7);
            Generation g = model.generate(pool, prompt, GenerateOptions.greedy(50).withStopTokens(List.of()));
            assertEquals(3, g.tokens().length);
            assertEquals(Generation.StopReason.POSITION_BUDGET, g.stopReason());
        }
    }

    @Test
    void badInputFailsClearlyAndLeavesThePoolUnchanged() {
        try (MemoryPool pool = model.newPool(4)) {
            model.selfUpdate(pool, updates(1).get(0));
            String checksum = pool.checksum();
            ModelConfig c = model.config();
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> model.selfUpdate(pool, new int[0]));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            IllegalArgumentException oov = assertThrows(IllegalArgumentException.class,
                    () -> model.selfUpdate(pool, new int[] {1, c.vocabSize()}));
            assertTrue(oov.getMessage().contains("outside the vocabulary"), oov.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.selfUpdate(pool, new int[] {-1}));
            int[] tooLong = new int[c.positionBudget()];
            Arrays.fill(tooLong, 5);
            IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                    () -> model.selfUpdate(pool, tooLong));
            assertTrue(budget.getMessage().contains("position budget"), budget.getMessage());
            IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class,
                    () -> model.generate(pool, tooLong, GenerateOptions.greedy(1)));
            assertTrue(prompt.getMessage().contains("position budget"), prompt.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.generate(pool, new int[0], GenerateOptions.greedy(1)));
            assertEquals(1, pool.version());
            assertEquals(checksum, pool.checksum());
        }
    }

    @Test
    void anUninitialisedPoolIsFilledByTilingTheFirstNewMemory() throws IOException {
        ModelConfig c = TinyModels.plain(32, 2, 4, 4, 64, 128);
        Path dirUninit = TinyModels.uninitialise(TinyModels.write(dir.resolve("uninit"), c, 9));
        try (MemoryLLM m = MemoryLLM.load(dirUninit, EngineOptions.cpu()); MemoryPool pool = m.newPool(1)) {
            assertFalse(pool.initialized());
            m.selfUpdate(pool, new int[] {5, 6, 7, 8, 9, 10});
            assertTrue(pool.initialized());
            float[] rows = pool.toFloatArray();
            int n = c.poolSize();
            int k = c.numTokens();
            int d = c.hiddenSize();
            for (int l = 0; l < c.numLayers(); l++) {
                for (int i = 0; i < n; i++) {
                    int source = n - k + i % k;   // every block of K rows is a copy of Δ (N is a multiple of K here)
                    for (int e = 0; e < d; e++) {
                        assertEquals(rows[(l * n + source) * d + e], rows[(l * n + i) * d + e], "layer " + l + " row " + i);
                    }
                }
            }
            assertEquals(2, m.selfUpdate(pool, new int[] {11, 12, 13}).version(), "later updates drop and append");
        }
    }
}
