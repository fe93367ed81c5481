package engram.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attention-score precision per official branch (memoryllm-algorithm §3.3, §9 P12). bf16 cannot run on the CPU build
 * (it aborts the JVM), so the choice is tested as a plan for bf16 and executed in fp16, which rounds scores the same
 * way at a different width.
 */
class ScoreAccumulationTest {

    @Test
    void theMainBranchAccumulatesScoresInFloat32AndThe7bBranchInTheActivationType() {
        ModelConfig eightB = TinyModels.eightBStyle();
        ModelConfig sevenB = TinyModels.sevenBStyle();
        ModelConfig plain = TinyModels.plain(64, 1, 4, 4, 32, 64);
        assertEquals(ModelConfig.OfficialBranch.MAIN, eightB.officialBranch());
        assertEquals(ModelConfig.OfficialBranch.MAIN, plain.officialBranch());
        assertEquals(ModelConfig.OfficialBranch.MEMORYLLM_7B, sevenB.officialBranch());
        assertEquals(DataType.FLOAT32, ScoreAccumulation.of(eightB).scoreType(DataType.BFLOAT16), "SDPA / flash");
        assertEquals(DataType.FLOAT32, ScoreAccumulation.of(plain).scoreType(DataType.BFLOAT16));
        assertEquals(DataType.BFLOAT16, ScoreAccumulation.of(sevenB).scoreType(DataType.BFLOAT16), "eager matmuls");
        for (ModelConfig c : new ModelConfig[] {eightB, sevenB, plain}) {
            assertEquals(DataType.FLOAT32, ScoreAccumulation.of(c).scoreType(DataType.FLOAT32), "fp32: the same");
        }
    }

    /**
     * One fp16 query against two keys whose scores are 1000.25 and 1000 (exact in fp32; in fp16, with a spacing of
     * 0.5 near 1000, both round to 1000). Values pick out the two attention weights.
     */
    private static float[] attendInFp16(ScoreAccumulation accumulation, boolean splitAsPrefix) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray q = m.create(new float[] {1, 1}, new Shape(1, 1, 1, 1, 2)).toType(DataType.FLOAT16, false);
            NDArray k0 = m.create(new float[] {500.25f, 500f}, new Shape(1, 1, 1, 2)).toType(DataType.FLOAT16, false);
            NDArray k1 = m.create(new float[] {500f, 500f}, new Shape(1, 1, 1, 2)).toType(DataType.FLOAT16, false);
            NDArray v0 = m.create(new float[] {1, 0}, new Shape(1, 1, 1, 2)).toType(DataType.FLOAT16, false);
            NDArray v1 = m.create(new float[] {0, 1}, new Shape(1, 1, 1, 2)).toType(DataType.FLOAT16, false);
            NDArray out = splitAsPrefix
                    ? DecoderLayer.attend(q, new KeyValues(k0, v0), new KeyValues(k1, v1), null, 1f, accumulation)
                    : DecoderLayer.attend(q, null, new KeyValues(k0.concat(k1, 2), v0.concat(v1, 2)), null, 1f,
                    accumulation);
            assertEquals(DataType.FLOAT16, out.getDataType(), "the output is in the activation dtype");
            return out.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Test
    void float32AccumulationKeepsScoreDifferencesTheActivationTypeRoundsAway() {
        double p0 = 1 / (1 + Math.exp(-0.25));                // softmax weight of the 1000.25 key: 0.5622
        for (boolean prefix : new boolean[] {true, false}) {
            float[] fused = attendInFp16(ScoreAccumulation.FLOAT32, prefix);
            assertEquals(p0, fused[0], 1e-3, "fp32 scores, prefix=" + prefix);
            assertEquals(1 - p0, fused[1], 1e-3, "fp32 scores, prefix=" + prefix);
            float[] eager = attendInFp16(ScoreAccumulation.ACTIVATION, prefix);
            assertEquals(0.5, eager[0], 1e-3, "fp16 scores tie: what the 7b eager code computes, prefix=" + prefix);
            assertEquals(0.5, eager[1], 1e-3, "fp16 scores tie, prefix=" + prefix);
        }
    }
}
