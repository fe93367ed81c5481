package engram.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.engine.io.Safetensors;
import engram.engine.io.TensorData;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tiny random MemoryLLM checkpoints in the Hugging Face layout, written by the tests themselves. */
public final class TinyModels {

    private TinyModels() {
    }

    /** memoryllm-7b's shape in miniature: MHA, interpolated RoPE, merged weights, one drop shared by all layers. */
    public static ModelConfig sevenBStyle() {
        return ModelConfig.parse("""
                {"vocab_size": 64, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 4, "max_position_embeddings": 24,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "rope_scaling": null,
                 "interpolate_position_ids": true, "bos_token_id": 1, "eos_token_id": 2,
                 "num_tokens": 8, "num_blocks": 4, "add_bos_embedding": true}
                """);
    }

    /** memoryllm-8b's shape in miniature: GQA, linear RoPE, two unmerged LoRA adapters, per-layer drops. */
    public static ModelConfig eightBStyle() {
        return ModelConfig.parse("""
                {"model_type": "llama", "vocab_size": 64, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "max_position_embeddings": 64, "rms_norm_eps": 1e-5, "rope_theta": 500000.0,
                 "rope_scaling": {"type": "linear", "factor": 2.0}, "bos_token_id": 1, "eos_token_id": [2, 3],
                 "num_tokens": 4, "num_blocks": 8, "add_bos_embedding": true, "drop_memory_per_layer": true,
                 "add_decoder_lora": true,
                 "lora_config": {"r": 2, "lora_alpha": 4, "target_modules":
                     ["q_proj", "v_proj", "k_proj", "up_proj", "down_proj", "gate_proj"]}}
                """);
    }

    /** Plain RoPE, no LoRA: the shape of the bundled model, small. */
    public static ModelConfig plain(int hidden, int layers, int k, int blocks, int vocab, int maxPositions) {
        return ModelConfig.parse("""
                {"vocab_size": %d, "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
                 "num_attention_heads": %d, "num_key_value_heads": %d, "max_position_embeddings": %d,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": 1, "eos_token_id": 2,
                 "num_tokens": %d, "num_blocks": %d, "drop_memory_per_layer": true}
                """.formatted(vocab, hidden, hidden * 11 / 4, layers, Math.max(1, hidden / 32),
                Math.max(1, hidden / 32), maxPositions, k, blocks));
    }

    /** Writes random weights for {@code config} into {@code dir}; peft-style names when it has LoRA. */
    public static Path write(Path dir, ModelConfig config, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             Weights weights = Weights.random(config, manager, seed)) {
            if (config.lora() == null) {
                CheckpointWriter.write(dir, config, weights, Map.of());
            } else {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
                List<TensorData> renamed = new ArrayList<>();
                for (TensorData t : weights.toTensorData()) {
                    renamed.add(new TensorData(peftName(t.name(), weights), t.dtype(), t.shape(), t.data()));
                }
                Safetensors.write(dir.resolve("model.safetensors"), Map.of(), renamed);
            }
        }
        return dir;
    }

    /** How peft 0.10 names a LoRA-wrapped module's base weight: X.base_layer.weight. */
    private static String peftName(String name, Weights weights) {
        String module = name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : name;
        boolean wrapped = weights.tensors().keySet().stream().anyMatch(n -> n.startsWith(module + ".lora_A."));
        return wrapped ? module + ".base_layer.weight" : name;
    }

    /** Values of an array as floats (test helper). */
    public static float[] floats(NDArray array) {
        return array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
}
