package engram.engine.model;

import engram.engine.ModelConfig;
import engram.engine.io.Safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a model folder in the Hugging Face layout the loader reads (and the published checkpoints use):
 * {@code config.json} and {@code model.safetensors} with fp32 tensors. The tokenizer is copied by the caller.
 */
public final class CheckpointWriter {

    private CheckpointWriter() {
    }

    public static void write(Path dir, ModelConfig config, Weights weights, Map<String, String> metadata)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
        Safetensors.write(dir.resolve("model.safetensors"), metadata, weights.toTensorData());
    }
}
