package engram.topology.testing;

import engram.engine.tokenizer.ByteLevelBpeFixture;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.topology.engine.MemoryLLMEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real MemoryLLM folder small enough for hundreds of self-updates per second: d=16, 1 layer, K=2, N=8, random
 * weights (seed 7), the byte-level BPE fixture as tokenizer. Used by tests that restart or kill the service.
 */
public final class TinyMemoryLLM {

    private TinyMemoryLLM() {}

    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            ByteLevelBpeFixture.write(dir);
            ModelConfig config = ModelConfig.parse("""
                    {"vocab_size": 268, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                     "num_attention_heads": 2, "max_position_embeddings": 128, "eos_token_id": 266,
                     "num_tokens": 2, "num_blocks": 4}
                    """);
            try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(config, m, 7)) {
                CheckpointWriter.write(dir, config, w, Map.of());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new engine over its own load of the model in {@code dir}, as a separate process would have. */
    public static MemoryLLMEngine engine(Path dir) {
        // one intra-op thread (a d=16 model is far too small to split): OMP_NUM_THREADS=1 at JVM start, set by
        // surefire for the test JVM and by the crash harness for its child; not changed at run time
        try {
            return new MemoryLLMEngine(MemoryLLM.load(dir, EngineOptions.cpu()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
