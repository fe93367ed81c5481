package engram.tools.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import engram.engine.io.CheckpointFiles;
import engram.engine.io.DType;
import engram.engine.io.Safetensors;
import engram.engine.io.TensorData;
import engram.engine.io.TensorInfo;
import engram.engine.io.TensorSource;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.engine.pool.CounterDropSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The models the engine benchmark runs: the default random ~5M-parameter checkpoint, and any checkpoint re-opened
 * with a different pool size N. Speed depends on N, not on what the pool holds, so a checkpoint is benchmarked at
 * N' rows by tiling its stored pool to N' rows per layer (num_blocks = N' / K). The position budget is widened when
 * N' needs more positions (plain and linear RoPE only; it changes no angle of the positions that were already valid).
 */
final class BenchModels {

    /** The default model: d=256, 4 layers, 8 heads, F=704, vocab 4096, K=64, N=16·K (stack-notes §2's shape). */
    static ModelConfig defaultConfig() {
        return ModelConfig.parse("""
                {"vocab_size": 4096, "hidden_size": 256, "intermediate_size": 704, "num_hidden_layers": 4,
                 "num_attention_heads": 8, "num_key_value_heads": 8, "max_position_embeddings": 2048,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": 1, "eos_token_id": 2,
                 "num_tokens": 64, "num_blocks": 16, "add_bos_embedding": true, "drop_memory_per_layer": true}
                """);
    }

    private BenchModels() {
    }

    /** Writes random weights for {@code config} as a Hugging Face-layout folder {@code dir}. */
    static Path writeRandom(Path dir, ModelConfig config, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             Weights weights = Weights.random(config, manager, seed)) {
            CheckpointWriter.write(dir, config, weights, Map.of("source", "engram engine benchmark (random weights)"));
        }
        return dir;
    }

    /**
     * The checkpoint's config with N = {@code poolSize} rows and at least {@code positions} positions.
     *
     * @throws IllegalArgumentException when N is not a multiple of K of at least 2·K, or when the model's
     *                                  interpolated RoPE cannot give the positions
     */
    static ModelConfig resized(Path dir, int poolSize, int positions) throws IOException {
        ModelConfig original = ModelConfig.load(dir);
        int k = original.numTokens();
        if (poolSize % k != 0 || poolSize / k < 2) {
            throw new IllegalArgumentException("pool size " + poolSize + " is not a multiple of K=" + k
                    + " with at least 2 blocks");
        }
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        json.addProperty("num_blocks", poolSize / k);
        if (json.has("num_memory_tokens")) {
            json.addProperty("num_memory_tokens", poolSize);
        }
        ModelConfig config = ModelConfig.parse(json.toString());
        if (config.positionBudget() < positions) {
            if (config.rope() == ModelConfig.RopeKind.INTERPOLATED) {
                throw new IllegalArgumentException("N=" + poolSize + " needs " + positions + " positions but the "
                        + "interpolated RoPE gives " + config.positionBudget());
            }
            json.addProperty("max_position_embeddings", (int) Math.ceil(positions / config.ropeFactor()));
            config = ModelConfig.parse(json.toString());
        }
        return config;
    }

    /** Loads the checkpoint in {@code dir} as {@code config} (from {@link #resized}), fp32, with no tokenizer. */
    static MemoryLLM load(Path dir, ModelConfig config, EngineOptions options) throws IOException {
        Device device = options.resolveDevice();
        DataType dtype = options.resolveDtype(device);
        NDManager manager = NDManager.newBaseManager(device);
        try (CheckpointFiles files = Safetensors.openCheckpoint(dir)) {
            Weights weights = Weights.load(new PoolResized(files, config), config, manager, dtype);
            return MemoryLLM.of(config, manager, weights, null, new CounterDropSource(),
                    dir.toAbsolutePath().normalize().getFileName() + "@bench-N" + config.poolSize());
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A checkpoint whose memory tensor is presented with N rows per layer: stored row (i mod N₀) as row i. */
    private static final class PoolResized implements TensorSource {

        private final TensorSource source;
        private final ModelConfig config;

        PoolResized(TensorSource source, ModelConfig config) {
            this.source = source;
            this.config = config;
        }

        private static boolean isPool(String name) {
            return name.equals(Weights.MEMORY) || name.endsWith("." + Weights.MEMORY);
        }

        private long[] shape() {
            return new long[] {config.numLayers(), config.poolSize(), config.hiddenSize()};
        }

        @Override
        public Map<String, String> metadata() {
            return source.metadata();
        }

        @Override
        public Set<String> names() {
            return source.names();
        }

        @Override
        public TensorInfo info(String name) {
            if (!isPool(name)) {
                return source.info(name);
            }
            long[] shape = shape();
            return new TensorInfo(name, DType.F32, shape, 0, shape[0] * shape[1] * shape[2] * Float.BYTES);
        }

        @Override
        public TensorData read(String name) throws IOException {
            if (!isPool(name)) {
                return source.read(name);
            }
            TensorData stored = source.read(name);
            long[] storedShape = stored.shape();
            if (storedShape.length != 3 || storedShape[0] != config.numLayers()
                    || storedShape[2] != config.hiddenSize()) {
                return stored; // let the loader report the mismatch with the names and shapes
            }
            float[] from = stored.toFloat32();
            int n0 = Math.toIntExact(storedShape[1]);
            int n = config.poolSize();
            int d = config.hiddenSize();
            float[] to = new float[Math.multiplyExact(config.numLayers(), Math.multiplyExact(n, d))];
            for (int l = 0; l < config.numLayers(); l++) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(from, (l * n0 + i % n0) * d, to, (l * n + i) * d, d);
                }
            }
            return TensorData.ofFloat32(name, shape(), to);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
