package engram.engine;

import engram.engine.pool.CounterDropSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's self-update and prefill against {@link ReferenceMemoryLLM} (loops over arrays): prefix attention with
 * and without GQA, LoRA adapters, T &ge; K and T &lt; K, all three RoPE variants (the 7b one also with a rope_theta
 * and a max_position_embeddings the official 7b code overrides), and an uninitialised pool.
 */
class SelfUpdateAgainstReferenceTest {

    @TempDir
    static Path dir;
    static MemoryLLM sevenB;
    static MemoryLLM eightB;
    static MemoryLLM sevenBOverridden;

    /**
     * 7b-style with rope_theta 500000 and max_position_embeddings 64 > (NB + 1) K = 40: the official 7b code uses base
     * 10000 and interpolates over max(64, 40) = 64 positions, i.e. not at all.
     */
    static ModelConfig sevenBOverriddenConfig() {
        return ModelConfig.parse(TinyModels.sevenBStyle().toJson()
                .replace("\"rope_theta\": 10000.0", "\"rope_theta\": 500000.0")
                .replace("\"max_position_embeddings\": 24", "\"max_position_embeddings\": 64"));
    }

    @BeforeAll
    static void load() throws Exception {
        sevenB = MemoryLLM.load(TinyModels.write(dir.resolve("7b"), TinyModels.sevenBStyle(), 7), EngineOptions.cpu());
        eightB = MemoryLLM.load(TinyModels.write(dir.resolve("8b"), TinyModels.eightBStyle(), 8), EngineOptions.cpu());
        sevenBOverridden = MemoryLLM.load(TinyModels.write(dir.resolve("7b-theta"), sevenBOverriddenConfig(), 9),
                EngineOptions.cpu());
    }

    @AfterAll
    static void close() {
        sevenB.close();
        eightB.close();
        sevenBOverridden.close();
    }

    static Stream<Arguments> cases() {
        // name, model, context length (K is 8 for the 7b-style model and 4 for the 8b-style one)
        return Stream.of(Arguments.of("7b T>K", 0, 13), Arguments.of("7b T=K", 0, 8), Arguments.of("7b T<K", 0, 3),
                Arguments.of("8b T>K", 1, 9), Arguments.of("8b T<K", 1, 2), Arguments.of("8b T=1", 1, 1),
                Arguments.of("7b rope_theta, max_pos T>K", 2, 13), Arguments.of("7b rope_theta, max_pos T<K", 2, 3));
    }

    private static MemoryLLM model(int which) {
        return switch (which) {
            case 0 -> sevenB;
            case 1 -> eightB;
            default -> sevenBOverridden;
        };
    }

    private static int[] tokens(int count, int salt) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = 3 + (i * 7 + salt * 11) % 60;
        }
        return ids;
    }

    /** pool rows [L][N][d] as nested arrays. */
    private static float[][][] rows(MemoryPool pool, ModelConfig c) {
        float[] flat = pool.toFloatArray();
        int n = c.poolSize();
        int d = c.hiddenSize();
        float[][][] out = new float[c.numLayers()][n][d];
        for (int l = 0; l < c.numLayers(); l++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, (l * n + i) * d, out[l][i], 0, d);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void newMemoryEqualsTheReferenceAndIsAppendedAfterTheSurvivors(String name, int which, int length) {
        MemoryLLM model = model(which);
        ModelConfig c = model.config();
        ReferenceMemoryLLM reference = new ReferenceMemoryLLM(c, model.weights());
        int k = c.numTokens();
        int n = c.poolSize();
        try (MemoryPool pool = model.newPool(42)) {
            // one update first, so the pool's tail is a genuine Δ rather than initial noise
            model.selfUpdate(pool, tokens(10, 1));
            float[][][] before = rows(pool, c);
            float[][][] tail = new float[c.numLayers()][][];
            for (int l = 0; l < c.numLayers(); l++) {
                tail[l] = java.util.Arrays.copyOfRange(before[l], n - k, n);
            }
            int[] context = tokens(length, 2);
            float[][][] expectedDelta = reference.inject(context, tail);

            Version v = model.selfUpdate(pool, context);

            assertEquals(2, v.version());
            assertEquals(length, v.tokens());
            float[][][] after = rows(pool, c);
            int[][] survivors = new CounterDropSource().survivors(c.numLayers(), n, k, c.dropMemoryPerLayer(), 42, 2);
            for (int l = 0; l < c.numLayers(); l++) {
                assertEquals(n, after[l].length);
                for (int i = 0; i < n - k; i++) {
                    assertArrayEquals(before[l][survivors[l][i]], after[l][i], "layer " + l + " survivor row " + i);
                }
                for (int j = 0; j < k; j++) {
                    assertClose(expectedDelta[l][j], after[l][n - k + j], 2e-4f, name + " layer " + l + " Δ row " + j);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prefillLogitsEqualTheReference(String name, int which, int length) {
        MemoryLLM model = model(which);
        ModelConfig c = model.config();
        ReferenceMemoryLLM reference = new ReferenceMemoryLLM(c, model.weights());
        try (MemoryPool pool = model.newPool(5)) {
            model.selfUpdate(pool, tokens(length, 3));
            int[] prompt = tokens(Math.min(length, 4), 4);
            float[] expected = reference.logits(prompt, rows(pool, c), model.backbone().adapter(false));
            assertClose(expected, model.nextTokenLogits(pool, prompt, true), 2e-4f, name + " cached memory K/V");
            assertClose(expected, model.nextTokenLogits(pool, prompt, false), 2e-4f, name + " recomputed memory K/V");
        }
    }

    static Stream<Arguments> uninitialised() {
        // the 7b branch adds no e_pos while the pool is uninitialised, the main branch does; T < K and T > K
        return Stream.of(Arguments.of("7b T<K", TinyModels.sevenBStyle(), 5),
                Arguments.of("7b T>K", TinyModels.sevenBStyle(), 11),
                Arguments.of("8b T<K", TinyModels.eightBStyle(), 3),
                Arguments.of("8b T>K", TinyModels.eightBStyle(), 6));
    }

    private static MemoryLLM loadUninitialised(String name, ModelConfig c) throws java.io.IOException {
        return MemoryLLM.load(TinyModels.uninitialise(TinyModels.write(dir.resolve("uninit " + name), c, 11)),
                EngineOptions.cpu());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uninitialised")
    void anUninitialisedPoolIsNotReadByGeneration(String name, ModelConfig c, int length) throws Exception {
        try (MemoryLLM model = loadUninitialised(name, c); MemoryPool pool = model.newPool(3)) {
            int[] prompt = tokens(4, 5);
            float[] plain = new ReferenceMemoryLLM(c, model.weights())
                    .logitsWithoutMemory(prompt, model.backbone().adapter(false));
            assertClose(plain, model.nextTokenLogits(pool, prompt, true), 2e-4f, name + ": generation reads no memory");
            assertClose(plain, model.nextTokenLogitsWithoutMemory(prompt), 2e-4f, name + ": the no-memory baseline");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uninitialised")
    void theFirstUpdateOfAnUninitialisedPoolIsAPlainForwardTiled(String name, ModelConfig c, int length)
            throws Exception {
        try (MemoryLLM model = loadUninitialised(name, c); MemoryPool pool = model.newPool(3)) {
            int[] context = tokens(length, 6);
            float[][][] delta = new ReferenceMemoryLLM(c, model.weights()).injectUninitialised(context);
            model.selfUpdate(pool, context);
            float[][][] after = rows(pool, c);
            int n = c.poolSize();
            for (int l = 0; l < c.numLayers(); l++) {
                int m = delta[l].length;
                for (int i = 0; i < n; i++) {
                    // tiled (§4.6): whole copies of Δ, then its last N mod |Δ| rows
                    int source = i < n / m * m ? i % m : i - n + m;
                    assertClose(delta[l][source], after[l][i], 2e-4f, name + " layer " + l + " row " + i);
                }
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxAbs = 0;
        for (float e : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= tolerance * Math.max(1, maxAbs),
                    what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
        }
    }
}
