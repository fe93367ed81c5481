package engram.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest {

    /** The published memoryllm-8b config.json's keys (memoryllm-algorithm §2.1). */
    static final String MEMORYLLM_8B = """
            {"architectures": ["MemoryLLM"], "model_type": "llama", "hidden_size": 4096,
             "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
             "num_key_value_heads": 8, "max_position_embeddings": 8192, "rms_norm_eps": 1e-05,
             "rope_theta": 500000.0, "rope_scaling": {"type": "linear", "factor": 1.8125}, "vocab_size": 128256,
             "bos_token_id": 128000, "eos_token_id": 128001, "pad_token_id": 128001, "tie_word_embeddings": false,
             "torch_dtype": "float32", "num_blocks": 50, "num_tokens": 256, "num_memory_tokens": 12800,
             "add_bos_embedding": true, "drop_memory_per_layer": true, "add_decoder_lora": true,
             "lora_config": {"inference_mode": false, "r": 16, "lora_alpha": 32, "lora_dropout": 0.1,
               "target_modules": ["q_proj", "v_proj", "k_proj", "up_proj", "down_proj", "gate_proj"]},
             "max_length": 512, "max_seq_length": 2048}
            """;

    static final String MEMORYLLM_7B = """
            {"architectures": ["MemoryLLM"], "model_type": "memoryllm", "hidden_size": 4096,
             "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
             "num_key_value_heads": 32, "max_position_embeddings": 4096, "rms_norm_eps": 1e-05,
             "rope_theta": 10000.0, "rope_scaling": null, "vocab_size": 32000, "bos_token_id": 1,
             "eos_token_id": 2, "num_blocks": 30, "num_tokens": 256, "add_bos_embedding": true,
             "interpolate_position_ids": true, "shrink_to_one_embedding": true}
            """;

    @Test
    void readsMemoryllm8b() {
        ModelConfig c = ModelConfig.parse(MEMORYLLM_8B);
        assertEquals(12800, c.poolSize());
        assertEquals(4, c.groupSize());
        assertEquals(128, c.headDim());
        assertEquals(ModelConfig.RopeKind.LINEAR, c.rope());
        assertEquals(14848, c.positionBudget());
        assertEquals(2047, c.positionBudget() - c.generationPrefixRows(), "§5.4: 2047 positions for prompt + answer");
        assertEquals(2.0, c.lora().scaling());
        assertTrue(c.dropMemoryPerLayer());
        assertTrue(c.addDecoderLora());
        assertEquals(List.of(128001), c.eosTokenIds());
    }

    @Test
    void aTrainedChunkLimitIsReadAndWrittenAndAbsentMeansNotStated() {
        assertEquals(0, ModelConfig.parse(MEMORYLLM_8B).maxChunkTokens(), "the published models do not state one");
        ModelConfig tiny = ModelConfig.parse(MEMORYLLM_7B.replace("\"num_blocks\": 30,",
                "\"num_blocks\": 30, \"engram_max_chunk_tokens\": 32,"));
        assertEquals(32, tiny.maxChunkTokens());
        assertEquals(32, ModelConfig.parse(tiny.toJson()).maxChunkTokens(), "survives a round trip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.parse(
                MEMORYLLM_7B.replace("\"num_blocks\": 30,", "\"num_blocks\": 30, \"engram_max_chunk_tokens\": -1,")));
        assertTrue(e.getMessage().contains("engram_max_chunk_tokens"), e.getMessage());
    }

    @Test
    void readsMemoryllm7b() {
        ModelConfig c = ModelConfig.parse(MEMORYLLM_7B);
        assertEquals(7680, c.poolSize());
        assertEquals(ModelConfig.RopeKind.INTERPOLATED, c.rope());
        assertEquals(7936, c.positionBudget());
        assertEquals(255, c.positionBudget() - c.generationPrefixRows(), "§5.4: 255 positions after the prefix");
        assertNull(c.lora());
        assertEquals(false, c.dropMemoryPerLayer());
    }

    @Test
    void roundTripsThroughItsOwnJson() {
        ModelConfig c = ModelConfig.parse(MEMORYLLM_8B);
        assertEquals(c, ModelConfig.parse(c.toJson()));
        ModelConfig seven = ModelConfig.parse(MEMORYLLM_7B);
        assertEquals(seven, ModelConfig.parse(seven.toJson()));
    }

    /** Adds {@code "key": value} (value as JSON text) to a config. */
    private static String with(String json, String key, String value) {
        return json.replaceFirst("\\{", "{\"" + key + "\": " + value + ", ");
    }

    @Test
    void fieldsTheEngineDoesNotImplementAreRefusedByName() {
        assertTrue(messageOf(with(MEMORYLLM_8B, "hidden_act", "\"gelu\"")).contains("'hidden_act'"));
        assertTrue(messageOf(with(MEMORYLLM_8B, "attention_bias", "true")).contains("'attention_bias'"));
        assertTrue(messageOf(with(MEMORYLLM_8B, "mlp_bias", "true")).contains("'mlp_bias'"));
        assertTrue(messageOf(with(MEMORYLLM_8B, "pretraining_tp", "2")).contains("'pretraining_tp'"));
        assertTrue(messageOf(with(MEMORYLLM_8B, "head_dim", "64")).contains("'head_dim'"),
                "the official code ignores head_dim and uses hidden_size / num_attention_heads");
        assertTrue(messageOf(MEMORYLLM_8B.replace("\"gate_proj\"]", "\"gate_proj\", \"embed_tokens\"]"))
                .contains("'lora_config.target_modules'"));
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"num_key_value_heads\": 32", "\"num_key_value_heads\": 8"))
                .contains("'num_key_value_heads'"), "the official 7b code has no grouped-query attention");
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"rope_scaling\": null", "\"rope_scaling\": "
                + "{\"type\": \"linear\", \"factor\": 2.0}")).contains("'interpolate_position_ids'"));
        // the values both official branches default to are accepted
        String defaults = with(with(with(with(with(MEMORYLLM_8B, "hidden_act", "\"silu\""), "attention_bias", "false"),
                "mlp_bias", "false"), "pretraining_tp", "1"), "head_dim", "128");
        assertEquals(ModelConfig.parse(MEMORYLLM_8B), ModelConfig.parse(defaults));
    }

    @Test
    void sevenBInterpolationCoversAtLeastMaxPositionEmbeddings() {
        // [7b] LlamaRotaryInterpolatedEmbedding: range max(max_position_embeddings, (NB + 1) * K)
        ModelConfig small = ModelConfig.parse(MEMORYLLM_7B.replace("\"num_blocks\": 30", "\"num_blocks\": 4"));
        assertEquals(4096, small.positionBudget(), "(4 + 1) * 256 = 1280 < 4096: no interpolation");
    }

    private static String messageOf(String json) {
        return assertThrows(ModelConfig.InvalidConfigException.class, () -> ModelConfig.parse(json)).getMessage();
    }

    @Test
    void badConfigsNameTheField() {
        assertTrue(messageOf("[1,2]").contains("not a JSON object"));
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"vocab_size\": 32000,", "")).contains("'vocab_size' is missing"));
        assertTrue(messageOf(MEMORYLLM_8B.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5"))
                .contains("'num_key_value_heads'"));
        assertTrue(messageOf(MEMORYLLM_8B.replace("\"linear\"", "\"yarn\"")).contains("'rope_scaling.type'"));
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"hidden_size\": 4096", "\"hidden_size\": 4097"))
                .contains("'hidden_size'"));
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"num_blocks\": 30", "\"num_blocks\": 49"))
                .contains("'num_blocks'"), "§9 P6: NB=49 makes the reference drop K-1 rows");
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"add_bos_embedding\": true", "\"add_bos_embedding\": 3"))
                .contains("'add_bos_embedding'"));
        assertTrue(messageOf(MEMORYLLM_7B.replace("\"num_tokens\": 256", "\"num_tokens\": \"many\""))
                .contains("'num_tokens' must be an integer"));
    }

    @Test
    void memoryRowsSitAtThePapersPositionsAndOtherLayoutsAreRefused() {
        String tiny = TinyModels.plain(32, 1, 4, 4, 64, 64).toJson();
        assertTrue(!tiny.contains("engram_memory_positions"), "not written");
        String sequential = tiny.replaceFirst("\\{", "{\"engram_memory_positions\": \"sequential\",");
        assertEquals(ModelConfig.parse(tiny), ModelConfig.parse(sequential), "\"sequential\" = absent");
        for (String other : new String[] {"shared", "mixed"}) {
            String m = messageOf(tiny.replaceFirst("\\{", "{\"engram_memory_positions\": \"" + other + "\","));
            assertTrue(m.contains("config field 'engram_memory_positions' must be \"sequential\" (or absent)")
                    && m.contains("got \"" + other + "\""), m);
        }
    }
}
