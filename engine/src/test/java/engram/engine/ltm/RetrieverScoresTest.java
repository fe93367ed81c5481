package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import engram.engine.EngineOptions;
import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import engram.engine.model.Linear;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention and learned retrievers' block scores against plain-Java computations of their formulas
 * (long-term-memory.md §3.4), on a tiny random 8b-style model (GQA: 4 query heads on 2 key/value heads, a decoder
 * LoRA adapter) with random M+ projectors written into its checkpoint.
 */
class RetrieverScoresTest {

    private static final int D_R = 8;

    @TempDir
    static Path dir;
    static MemoryLLM model;
    static MemoryLLM withoutProjectors;

    @BeforeAll
    static void load() throws IOException {
        ModelConfig config = TinyModels.eightBStyle();
        Path plainDir = TinyModels.write(dir.resolve("plain"), config, 5);
        Path modelDir = TinyModels.write(dir.resolve("model"), config, 5);
        addRandomProjectors(modelDir.resolve("model.safetensors"), config, 77);
        model = MemoryLLM.load(modelDir, EngineOptions.cpu().withLtmWindow(64));
        withoutProjectors = MemoryLLM.load(plainDir, EngineOptions.cpu().withLtmWindow(64));
    }

    @AfterAll
    static void close() {
        model.close();
        withoutProjectors.close();
    }

    /** M+'s tensor names, N(0, 0.3) values: {query,key}_proj.0 [2·d_r, d] and .2 [d_r, 2·d_r] per layer. */
    static void addRandomProjectors(Path file, ModelConfig c, long seed) throws IOException {
        List<TensorData> tensors = new ArrayList<>();
        Map<String, String> metadata;
        try (SafetensorsFile f = Safetensors.open(file)) {
            metadata = f.metadata();
            for (String name : f.names()) {
                tensors.add(f.read(name));
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < c.numLayers(); l++) {
            for (String which : List.of("query", "key")) {
                tensors.add(gaussian(random, RetrieverProjectors.tensorName(l, which, 0), 2 * D_R, c.hiddenSize()));
                tensors.add(gaussian(random, RetrieverProjectors.tensorName(l, which, 2), D_R, 2 * D_R));
            }
        }
        Safetensors.write(file, metadata, tensors);
    }

    private static TensorData gaussian(SplittableRandom random, String name, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * 0.5);
        }
        return TensorData.ofFloat32(name, new long[] {rows, cols}, v);
    }

    static MemoryPool filledPool(MemoryLLM m) {
        MemoryPool pool = m.newPool(3);
        for (int u = 0; u < 20; u++) {
            m.selfUpdate(pool, LongTermMemoryDeterminismTest.update(u));
        }
        return pool;
    }

    static final int[] PROMPT = {7, 19, 33, 8, 41};

    @Test
    void attentionScoresAreTheFormulaComputedInJava() {
        try (MemoryPool pool = filledPool(model); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] inputs = layerInputs(pool);
            RetrievalQuery query = new RetrievalQuery(model.backbone(), pool.ltm(), PROMPT, inputs, 0);
            double[] actual = new AttentionRetriever(List.of(0, 1)).scores(query, pool.ltm().entries());
            double[] expected = attentionReference(pool.ltm(), inputs);
            assertArrayEquals(expected, actual, 1e-3);
            double[] onlyLayer1 = new AttentionRetriever(List.of(1)).scores(query, pool.ltm().entries());
            assertTrue(Math.abs(onlyLayer1[0] - actual[0]) > 1e-3, "the score layers matter");
        }
    }

    @Test
    void keysCachedForOneRetrieverServeAnotherThatScoresWithOtherLayers() {
        try (MemoryPool first = filledPool(model); MemoryPool fresh = filledPool(model);
             NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] inputs = layerInputs(first);
            RetrievalQuery one = new RetrievalQuery(model.backbone(), first.ltm(), PROMPT, inputs, 0);
            new AttentionRetriever(List.of(1)).scores(one, first.ltm().entries()); // caches keys on the entries
            double[] afterCache = new AttentionRetriever(List.of(0)).scores(one, first.ltm().entries());
            RetrievalQuery two = new RetrievalQuery(model.backbone(), fresh.ltm(), PROMPT, inputs, 0);
            assertArrayEquals(new AttentionRetriever(List.of(0)).scores(two, fresh.ltm().entries()), afterCache);
        }
    }

    @Test
    void learnedScoresAreTheMplusFormulaOnBlocksComputedInJava() {
        assertNotNull(model.retrieverProjectors());
        assertEquals(D_R, model.retrieverProjectors().dim());
        try (MemoryPool pool = filledPool(model); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] inputs = layerInputs(pool);
            RetrievalQuery query = new RetrievalQuery(model.backbone(), pool.ltm(), PROMPT, inputs, 0);
            double[] actual = new LearnedRetriever(model.retrieverProjectors()).scores(query, pool.ltm().entries());
            assertArrayEquals(learnedReference(pool.ltm(), inputs), actual, 1e-4);
        }
    }

    @Test
    void aPromoteReadWithEachRetrieverRecordsWhatItPromoted() {
        try (MemoryPool pool = filledPool(model)) {
            for (String name : List.of(BlockRetrievers.ATTENTION, BlockRetrievers.LEXICAL, BlockRetrievers.LEARNED)) {
                PromoteRead read = model.promoteRead(name);
                Generation g = model.generate(pool, PROMPT, GenerateOptions.greedy(3), read);
                assertEquals(name, g.ltmRetriever());
                long[] ranked = read.rank(model, pool, PROMPT);
                assertEquals(20, ranked.length, name + " ranks every block");
                assertArrayEquals(PromotionPlan.select(ranked, pool.ltm().log(),
                        model.ltmSettings().promoteRows() / 4), g.ltmVersions(), name);
            }
        }
    }

    @Test
    void theLearnedRetrieverNeedsProjectorsInTheCheckpoint() throws IOException {
        assertNull(withoutProjectors.retrieverProjectors());
        assertThrows(IllegalArgumentException.class, () -> withoutProjectors.promoteRead(BlockRetrievers.LEARNED));
        Path broken = dir.resolve("broken");
        TinyModels.write(broken, TinyModels.eightBStyle(), 5);
        addRandomProjectors(broken.resolve("model.safetensors"), TinyModels.eightBStyle(), 1);
        List<TensorData> tensors = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(broken.resolve("model.safetensors"))) {
            for (String name : f.names()) {
                if (!name.equals(RetrieverProjectors.tensorName(1, "key", 2))) {
                    tensors.add(f.read(name));
                }
            }
        }
        Files.delete(broken.resolve("model.safetensors"));
        Safetensors.write(broken.resolve("model.safetensors"), Map.of(), tensors);
        IOException e = assertThrows(IOException.class, () -> MemoryLLM.load(broken, EngineOptions.cpu()));
        assertTrue(e.getMessage().contains(RetrieverProjectors.tensorName(1, "key", 2)), e.getMessage());
    }

    private static NDArray[] layerInputs(MemoryPool pool) {
        long[] ids = Arrays.stream(PROMPT).asLongStream().toArray();
        NDArray prompt = pool.rows().getManager().create(ids, new Shape(1, ids.length));
        return model.backbone().layerInputs(prompt, pool.rows().expandDims(1));
    }

    // ---- plain-Java references ----

    private static double[] attentionReference(LongTermMemory ltm, NDArray[] inputs) {
        ModelConfig c = model.config();
        int hd = c.headDim();
        int group = c.groupSize();
        List<DeltaLog.Entry> entries = ltm.entries();
        double[] total = new double[entries.size()];
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            float[] norm = floats(model.weights().require(p + "input_layernorm.weight"));
            float[][] h = rows(inputs[l]);
            float[][] q = project(normalise(h, norm, c), model.weights().linear(p + "self_attn.q_proj"));
            double[][] s = new double[h.length][entries.size()];
            for (int u = 0; u < entries.size(); u++) {
                float[][] keys = project(normalise(blockRows(entries.get(u), l, ltm), norm, c),
                        model.weights().linear(p + "self_attn.k_proj"));
                for (int t = 0; t < h.length; t++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int head = 0; head < c.numHeads(); head++) {
                        int kv = head / group;
                        for (float[] key : keys) {
                            double dot = 0;
                            for (int i = 0; i < hd; i++) {
                                dot += q[t][head * hd + i] * key[kv * hd + i];
                            }
                            best = Math.max(best, dot / Math.sqrt(hd));
                        }
                    }
                    s[t][u] = best;
                }
            }
            double[] perBlock = new double[entries.size()];
            for (double[] token : s) {
                double mean = Arrays.stream(token).average().orElseThrow();
                for (int u = 0; u < token.length; u++) {
                    perBlock[u] += (token[u] - mean) / s.length;
                }
            }
            double[] z = ScoredRetriever.standardised(perBlock);
            for (int u = 0; u < z.length; u++) {
                total[u] += z[u];
            }
        }
        return total;
    }

    private static double[] learnedReference(LongTermMemory ltm, NDArray[] inputs) {
        ModelConfig c = model.config();
        List<DeltaLog.Entry> entries = ltm.entries();
        double[] total = new double[entries.size()];
        for (int l = 0; l < c.numLayers(); l++) {
            float[] norm = floats(model.weights().require("model.layers." + l + ".input_layernorm.weight"));
            float[][] q = mlp(normalise(rows(inputs[l]), norm, c), l, "query");
            for (int u = 0; u < entries.size(); u++) {
                float[][] k = mlp(normalise(blockRows(entries.get(u), l, ltm), norm, c), l, "key");
                double[] w = new double[k.length];
                for (int i = 0; i < k.length; i++) {
                    for (float[] qt : q) {
                        double dot = 0;
                        for (int j = 0; j < D_R; j++) {
                            dot += qt[j] * k[i][j];
                        }
                        w[i] += 1 / (1 + Math.exp(-dot)) / q.length;
                    }
                }
                Arrays.sort(w);
                total[u] += (w[w.length - 1] + w[w.length - 2] + w[w.length - 3] + w[w.length - 4]) / 4;
            }
        }
        return total;
    }

    private static float[][] mlp(float[][] x, int layer, String which) {
        float[][] w0 = matrix(RetrieverProjectors.tensorName(layer, which, 0), 2 * D_R);
        float[][] w2 = matrix(RetrieverProjectors.tensorName(layer, which, 2), D_R);
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            float[] hidden = matVec(w0, x[r]);
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] = (float) (hidden[i] / (1 + Math.exp(-hidden[i])));
            }
            out[r] = matVec(w2, hidden);
        }
        return out;
    }

    private static float[][] matrix(String name, int rows) {
        try (SafetensorsFile f = Safetensors.open(dir.resolve("model").resolve("model.safetensors"))) {
            float[] v = f.read(name).toFloat32();
            float[][] m = new float[rows][];
            int cols = v.length / rows;
            for (int r = 0; r < rows; r++) {
                m[r] = Arrays.copyOfRange(v, r * cols, (r + 1) * cols);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] matVec(float[][] w, float[] x) {
        float[] y = new float[w.length];
        for (int o = 0; o < w.length; o++) {
            double acc = 0;
            for (int i = 0; i < x.length; i++) {
                acc += w[o][i] * x[i];
            }
            y[o] = (float) acc;
        }
        return y;
    }

    /** y = x W^T + s (x A^T) B^T with the decoder adapter. */
    private static float[][] project(float[][] x, Linear linear) {
        float[][] w = asMatrix(linear.weight());
        float[][] out = new float[x.length][];
        Linear.LoraAdapter lora = linear.adapters().get(model.backbone().adapter(false));
        for (int r = 0; r < x.length; r++) {
            out[r] = matVec(w, x[r]);
            if (lora != null) {
                float[] up = matVec(asMatrix(lora.b()), matVec(asMatrix(lora.a()), x[r]));
                for (int i = 0; i < up.length; i++) {
                    out[r][i] += lora.scaling() * up[i];
                }
            }
        }
        return out;
    }

    private static float[][] asMatrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        float[] v = floats(a);
        float[][] m = new float[rows][];
        int cols = v.length / rows;
        for (int r = 0; r < rows; r++) {
            m[r] = Arrays.copyOfRange(v, r * cols, (r + 1) * cols);
        }
        return m;
    }

    private static float[][] normalise(float[][] x, float[] weight, ModelConfig c) {
        float[][] out = new float[x.length][x[0].length];
        for (int r = 0; r < x.length; r++) {
            double ms = 0;
            for (float v : x[r]) {
                ms += v * v / x[r].length;
            }
            double inv = 1 / Math.sqrt(ms + c.rmsNormEps());
            for (int i = 0; i < x[r].length; i++) {
                out[r][i] = (float) (x[r][i] * inv) * weight[i];
            }
        }
        return out;
    }

    private static float[][] blockRows(DeltaLog.Entry e, int layer, LongTermMemory ltm) {
        int k = ltm.blockRows();
        int d = ltm.hidden();
        float[][] rows = new float[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = Arrays.copyOfRange(e.delta(), (layer * k + i) * d, (layer * k + i + 1) * d);
        }
        return rows;
    }

    private static float[][] rows(NDArray h) {
        return asMatrix(h.squeeze(0));
    }

    private static float[] floats(NDArray a) {
        return TinyModels.floats(a);
    }
}
