package engram.topology.durability;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.ByteLevelBpeFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real MemoryLLM small enough that a thousand self-updates take a few seconds: d=16, 1 layer, K=2, N=8, random
 * weights, the byte-level BPE fixture as tokenizer.
 */
final class TinyModel {

    private TinyModel() {}

    static Path write(Path dir) {
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
    static MemoryLLMEngine engine(Path dir) {
        try {
            return new MemoryLLMEngine(MemoryLLM.load(dir, EngineOptions.cpu()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
