package engram.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;

import java.io.IOException;
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

    /** Writes random weights for {@code config} into {@code dir} (peft-style names when it has LoRA). */
    public static Path write(Path dir, ModelConfig config, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             Weights weights = Weights.random(config, manager, seed)) {
            CheckpointWriter.write(dir, config, weights, Map.of());
        }
        return dir;
    }

    /** Rewrites the checkpoint in {@code dir} with its {@code initialized} flag at 0: a pool never written (§4.6). */
    public static Path uninitialise(Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        List<TensorData> tensors = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(file)) {
            for (String name : f.names()) {
                tensors.add(name.equals(Weights.INITIALIZED)
                        ? TensorData.ofInt64(name, new long[0], new long[] {0}) : f.read(name));
            }
        }
        Safetensors.write(file, Map.of(), tensors);
        return dir;
    }

    /** Values of an array as floats (test helper). */
    public static float[] floats(NDArray array) {
        return array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
}
