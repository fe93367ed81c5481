package engram.engine.model;

import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RoPE tables against values computed by hand from memoryllm-algorithm §3.2. */
class RopeTest {

    @Test
    void inverseFrequenciesFollowTheBase() {
        float[] inv = Rope.inverseFrequencies(10000.0, 8);
        assertEquals(1.0f, inv[0]);
        assertEquals(0.1f, inv[1], 1e-7f);        // 10000^(-2/8) = 0.1
        assertEquals(0.01f, inv[2], 1e-8f);
        assertEquals(0.001f, inv[3], 1e-9f);
    }

    @Test
    void plainLinearAndInterpolatedPositions() {
        ModelConfig plain = TinyModels.plain(64, 1, 4, 4, 32, 64);
        ModelConfig linear = TinyModels.eightBStyle();            // factor 2
        ModelConfig interpolated = TinyModels.sevenBStyle();      // 24 / ((4 + 1) * 8) = 0.6
        assertEquals(7.0f, Rope.scaledPosition(plain, 7));
        assertEquals(3.5f, Rope.scaledPosition(linear, 7));
        assertEquals(7 * 0.6f, Rope.scaledPosition(interpolated, 7), 1e-6f);
    }

    @Test
    void tableHoldsCosAndSinOfPositionTimesFrequencyTwice() {
        ModelConfig c = TinyModels.eightBStyle();                 // hd = 8, theta = 5e5, factor 2
        float[][] table = Rope.table(c, 10);
        int hd = c.headDim();
        int p = 9;
        for (int i = 0; i < hd / 2; i++) {
            double angle = (p / 2.0) * Math.pow(500000.0, -2.0 * i / hd);
            assertEquals(Math.cos(angle), table[0][p * hd + i], 1e-6);
            assertEquals(Math.cos(angle), table[0][p * hd + hd / 2 + i], 1e-6);
            assertEquals(Math.sin(angle), table[1][p * hd + i], 1e-6);
            assertEquals(Math.sin(angle), table[1][p * hd + hd / 2 + i], 1e-6);
        }
        assertEquals(1.0f, table[0][0]);
        assertEquals(0.0f, table[1][0]);
    }

    @Test
    void sevenBInterpolationUsesBase10000AndNeverStretchesPositions() {
        // [7b] LlamaRotaryInterpolatedEmbedding gets no base (class default 10000) and scales positions by
        // max_position_embeddings / max(max_position_embeddings, (NB + 1) * K): here 64 / max(64, 40) = 1
        ModelConfig c = ModelConfig.parse(TinyModels.sevenBStyle().toJson()
                .replace("\"rope_theta\": 10000.0", "\"rope_theta\": 500000.0")
                .replace("\"max_position_embeddings\": 24", "\"max_position_embeddings\": 64"));
        assertEquals(ModelConfig.RopeKind.INTERPOLATED, c.rope());
        assertEquals(500000.0, c.ropeTheta());
        float[][] table = Rope.table(c, 40);
        int hd = c.headDim();
        int p = 39;
        for (int i = 0; i < hd / 2; i++) {
            double angle = p * Math.pow(10000.0, -2.0 * i / hd);
            assertEquals(Math.cos(angle), table[0][p * hd + i], 1e-6, "cos, frequency " + i);
            assertEquals(Math.sin(angle), table[1][p * hd + hd / 2 + i], 1e-6, "sin, frequency " + i);
        }
    }

    private static Rope rope(NDManager manager, String memoryPositions) {
        ModelConfig config = TinyModels.withMemoryPositions(TinyModels.plain(128, 1, 4, 4, 64, 64), memoryPositions);
        return new Rope(config, manager, DataType.FLOAT32, 64);                     // 4 heads of 32
    }

    @Test
    void prefixPositionsSequentialSharedAndMixed() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray keys = manager.randomNormal(new Shape(2, 4, 9, 32));     // [B, Hkv, b_l + 8 memory rows, hd]
            NDArray sequential = rope(manager, "sequential").applyPrefix(keys, 1);
            NDArray shared = rope(manager, "shared").applyPrefix(keys, 1);
            NDArray mixed = rope(manager, "mixed").applyPrefix(keys, 1);
            Rope plain = rope(manager, "sequential");
            assertTrue(sequential.allClose(plain.apply(keys, 0)), "the paper: rows at 0..P-1");
            NDArray memoryAtLast = plain.apply(keys.get(new NDIndex(":, :, 1:")).reshape(2, 4 * 8, 1, 32), 8)
                    .reshape(2, 4, 8, 32);
            assertTrue(shared.get(new NDIndex(":, :, 1:")).allClose(memoryAtLast), "every memory row at P-1 = 8");
            assertTrue(shared.get(new NDIndex(":, :, :1")).allClose(sequential.get(new NDIndex(":, :, :1"))),
                    "b_l stays at 0");
            assertTrue(mixed.get(new NDIndex(":, :2")).allClose(sequential.get(new NDIndex(":, :2"))), "heads 0, 1");
            assertTrue(mixed.get(new NDIndex(":, 2:")).allClose(shared.get(new NDIndex(":, 2:"))), "heads 2, 3");
            assertFalse(shared.allClose(sequential));
        }
    }
}
