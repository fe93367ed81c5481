package engram.engine.model;

import ai.djl.ndarray.types.DataType;
import engram.engine.ModelConfig;

/**
 * The precision of attention scores and of the weighted sum of values (memoryllm-algorithm §3.3, §9 P12). The two
 * official branches differ here, and only in bf16/fp16: in fp32 both are the same computation.
 */
public enum ScoreAccumulation {
    /**
     * The 7b branch's eager attention: q·kᵀ and p·v are matmuls in the activation dtype (bf16 scores are rounded to
     * bf16), only the softmax runs in fp32 ([7b] modeling_memoryllm.py:418-435).
     */
    ACTIVATION,
    /**
     * The main branch's SDPA / flash-attention kernels accumulate in fp32: q, k and v are widened (exact), scores,
     * softmax and p·v stay fp32, and only the output is rounded to the activation dtype.
     */
    FLOAT32;

    /** What the official code that runs {@code config} does. */
    public static ScoreAccumulation of(ModelConfig config) {
        return config.officialBranch() == ModelConfig.OfficialBranch.MEMORYLLM_7B ? ACTIVATION : FLOAT32;
    }

    /** The type scores and p·v are computed in, for activations of type {@code activation}. */
    public DataType scoreType(DataType activation) {
        return this == FLOAT32 ? DataType.FLOAT32 : activation;
    }
}
