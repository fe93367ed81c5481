package engram.engine.model;

import engram.engine.ModelConfig;
import engram.engine.io.Safetensors;
import engram.engine.io.TensorData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model folder in the Hugging Face layout the loader reads and the official code loads with
 * {@code MemoryLLM.from_pretrained}: {@code config.json} and {@code model.safetensors} with fp32 tensors, named as the
 * official module tree names them. The tokenizer is copied by the caller.
 */
public final class CheckpointWriter {

    /** transformers refuses a safetensors file whose metadata has no "format" of "pt", "tf" or "flax". */
    static final String FORMAT_KEY = "format";

    private CheckpointWriter() {
    }

    public static void write(Path dir, ModelConfig config, Weights weights, Map<String, String> metadata)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(FORMAT_KEY, "pt");
        List<TensorData> tensors = new ArrayList<>();
        for (TensorData t : weights.toTensorData()) {
            tensors.add(new TensorData(officialName(t.name(), config), t.dtype(), t.shape(), t.data()));
        }
        Safetensors.write(dir.resolve("model.safetensors"), meta, tensors);
    }

    /**
     * The name the official code gives a tensor. With a lora_config, peft (0.10) wraps every projection whose name
     * ends in a target module, in place, and its frozen weight becomes {@code X.base_layer.weight}; the adapters are
     * {@code X.lora_A.<adapter>.weight} and {@code X.lora_B.<adapter>.weight} already (memoryllm-algorithm §2.3).
     */
    static String officialName(String name, ModelConfig config) {
        if (config.lora() == null || !name.startsWith("model.layers.") || !name.endsWith(".weight")) {
            return name;
        }
        String module = name.substring(0, name.length() - ".weight".length());
        String leaf = module.substring(module.lastIndexOf('.') + 1);
        return config.lora().targetModules().contains(leaf) ? module + ".base_layer.weight" : name;
    }
}
