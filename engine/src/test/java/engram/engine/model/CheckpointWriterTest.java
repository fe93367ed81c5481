package engram.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import engram.engine.io.CheckpointFiles;
import engram.engine.io.DType;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints the engine writes are checkpoints the official code loads ({@code MemoryLLM.from_pretrained}): tensor
 * names as its module tree and peft 0.10 name them, the metadata transformers requires, every config key it reads
 * without a default, and still read back by the engine unchanged.
 */
class CheckpointWriterTest {

    @TempDir
    Path dir;

    /**
     * The official MemoryLLM's state_dict keys for {@code c}, from its module tree ([main] modeling_memoryllm.py:
     * 1512-1550, [7b] :1022-1040): a LlamaForCausalLM plus memory, initialized, new_memory_positional_emb and
     * bos_embedding; with a lora_config, peft wraps each projection named in target_modules in place (adapters
     * "default" and, with add_decoder_lora, "decoder_adapter").
     */
    static Set<String> officialStateDict(ModelConfig c) {
        Set<String> keys = new TreeSet<>(List.of("model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
                "memory", "initialized", "new_memory_positional_emb", "bos_embedding"));
        List<String> adapters = c.addDecoderLora() ? List.of("default", "decoder_adapter") : List.of("default");
        for (int l = 0; l < c.numLayers(); l++) {
            String layer = "model.layers." + l + ".";
            keys.add(layer + "input_layernorm.weight");
            keys.add(layer + "post_attention_layernorm.weight");
            for (String module : List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                    "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")) {
                String leaf = module.substring(module.indexOf('.') + 1);
                if (c.lora() == null || !c.lora().targetModules().contains(leaf)) {
                    keys.add(layer + module + ".weight");
                    continue;
                }
                keys.add(layer + module + ".base_layer.weight");
                for (String adapter : adapters) {
                    keys.add(layer + module + ".lora_A." + adapter + ".weight");
                    keys.add(layer + module + ".lora_B." + adapter + ".weight");
                }
            }
        }
        return keys;
    }

    private Path write(String name, ModelConfig config) throws IOException {
        return TinyModels.write(dir.resolve(name), config, 17);     // through CheckpointWriter
    }

    @Test
    void tensorsAreNamedAndTypedAsTheOfficialModelsStateDict() throws IOException {
        for (ModelConfig c : List.of(TinyModels.eightBStyle(), TinyModels.sevenBStyle())) {
            String name = c.lora() == null ? "7b" : "8b";
            Path model = write(name, c);
            try (SafetensorsFile f = Safetensors.open(model.resolve("model.safetensors"))) {
                assertEquals(officialStateDict(c), new TreeSet<>(f.names()), name + " names");
                assertEquals("pt", f.metadata().get("format"), "transformers refuses a file without format=pt");
                TensorData initialized = f.read("initialized");
                assertEquals(DType.U8, initialized.dtype(), "a uint8 buffer in the official model");
                assertArrayEquals(new long[0], initialized.shape());
                assertArrayEquals(new long[] {1}, initialized.toInt64());
            }
        }
    }

    @Test
    void theEngineReadsWhatItWroteUnchanged() throws IOException {
        ModelConfig c = TinyModels.eightBStyle();
        Path model = write("8b", c);
        assertEquals(c, ModelConfig.load(model));
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             Weights written = Weights.random(c, m, 17);
             CheckpointFiles files = Safetensors.openCheckpoint(model);
             Weights read = Weights.load(files, c, m, DataType.FLOAT32)) {
            assertEquals(written.tensors().keySet(), read.tensors().keySet());
            written.tensors().forEach((name, array) -> assertTrue(array.contentEquals(read.require(name)), name));
            assertTrue(read.initialized());
        }
    }

    private static JsonObject configJson(Path model) throws IOException {
        return JsonParser.parseString(Files.readString(model.resolve("config.json"))).getAsJsonObject();
    }

    @Test
    void configJsonHasEveryKeyTheOfficialCodeReadsWithoutADefault() throws IOException {
        // LlamaConfig has no default for the MemoryLLM keys: the official code reads them as attributes
        JsonObject eightB = configJson(write("8b", TinyModels.eightBStyle()));
        for (String key : List.of("num_blocks", "num_tokens", "add_bos_embedding", "drop_memory_per_layer",
                "add_decoder_lora", "lora_config")) {
            assertTrue(eightB.has(key), "main branch: " + key);
        }
        // MemoryLLM.__init__ builds peft's LoraConfig from lora_config['inference_mode'], ['r'], ['lora_alpha'],
        // ['lora_dropout'] and .get('target_modules')
        JsonObject lora = eightB.getAsJsonObject("lora_config");
        for (String key : List.of("inference_mode", "r", "lora_alpha", "lora_dropout", "target_modules")) {
            assertTrue(lora.has(key), "lora_config." + key);
        }
        // transformers 4.40's LlamaConfig accepts rope_scaling only as {type, factor} with a float factor > 1
        JsonObject scaling = eightB.getAsJsonObject("rope_scaling");
        assertEquals(Set.of("type", "factor"), scaling.keySet());
        assertTrue(scaling.get("factor").getAsDouble() > 1 && scaling.get("factor").toString().contains("."));

        JsonObject plain = configJson(write("plain", TinyModels.plain(32, 1, 4, 4, 64, 64)));
        JsonElement none = plain.get("lora_config");
        assertTrue(none != null && none.isJsonNull(), "main branch reads config.lora_config even without LoRA");

        JsonObject sevenB = configJson(write("7b", TinyModels.sevenBStyle()));
        for (String key : List.of("num_blocks", "num_tokens", "add_bos_embedding", "interpolate_position_ids")) {
            assertTrue(sevenB.has(key), "7b branch: " + key);
        }
        assertTrue(sevenB.get("interpolate_position_ids").getAsBoolean());
    }

    @Test
    void callerMetadataIsKeptNextToTheFormat() throws IOException {
        ModelConfig c = TinyModels.plain(32, 1, 4, 4, 64, 64);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(c, m, 1)) {
            CheckpointWriter.write(dir.resolve("meta"), c, w, Map.of("engram_training_step", "7"));
        }
        try (SafetensorsFile f = Safetensors.open(dir.resolve("meta/model.safetensors"))) {
            assertEquals(Map.of("engram_training_step", "7", "format", "pt"), f.metadata());
        }
    }
}
