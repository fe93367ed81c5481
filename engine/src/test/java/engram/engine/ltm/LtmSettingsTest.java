package engram.engine.ltm;

import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LtmSettingsTest {

    private static final ModelConfig TINY = TinyModels.plain(32, 2, 16, 16, 64, 600); // K = 16, N = 256

    @Test
    void aConfigWithoutTheKeysHasTheLongTermMemoryOff() {
        LtmSettings s = LtmSettings.parse("{\"hidden_size\": 32}").validate(TINY);
        assertFalse(s.enabled());
        assertEquals(64, s.promoteRows(), "a quarter of N = 256, in whole blocks");
        assertEquals(LtmSettings.DEFAULT_RECENCY_PRIOR, s.recencyPrior());
        assertEquals(BlockRetrievers.ATTENTION, s.retriever());
        assertEquals(List.of(1), s.scoreLayers(), "the attention retriever scores with the last layer");
    }

    @Test
    void everyKeyIsRead() {
        LtmSettings s = LtmSettings.parse("""
                {"engram_ltm_window": 512, "engram_ltm_read": "promote", "engram_ltm_retriever": "Lexical",
                 "engram_ltm_promote_rows": 32, "engram_ltm_recency_prior": 0.5, "engram_ltm_score_layers": [1]}
                """).validate(TINY);
        assertTrue(s.enabled());
        assertEquals(new LtmSettings(512, "lexical", 32, 0.5, List.of(1)), s);
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        for (String json : List.of("{\"engram_ltm_window\": -1}", "{\"engram_ltm_promote_rows\": 0}",
                "{\"engram_ltm_retriever\": \"magic\"}", "{\"engram_ltm_retriever\": \"oracle\"}",
                "{\"engram_ltm_read\": \"mplus\"}")) {
            String key = json.substring(2, json.indexOf('"', 2));
            ModelConfig.InvalidConfigException e = assertThrows(ModelConfig.InvalidConfigException.class,
                    () -> LtmSettings.parse(json), json);
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        for (String json : List.of("{\"engram_ltm_promote_rows\": 8}", "{\"engram_ltm_promote_rows\": 512}",
                "{\"engram_ltm_score_layers\": [2]}")) {
            assertThrows(ModelConfig.InvalidConfigException.class, () -> LtmSettings.parse(json).validate(TINY), json);
        }
    }
}
