package engram.engine.model;

import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
