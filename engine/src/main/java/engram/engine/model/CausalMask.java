package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The additive mask between Q query rows and {@code cached + Q} causal key rows: query i sees key j iff
 * j &le; cached + i (bottom-right aligned, memoryllm-algorithm §9 P11). Prefix rows are not part of it: every query
 * sees all of them.
 *
 * <p>Masked entries hold a large finite negative number, not -inf: exp underflows to exactly 0 all the same, but a
 * row never turns into -inf - (-inf) = NaN inside a kernel, which was seen to poison gradients in training.
 */
public final class CausalMask {

    private CausalMask() {
    }

    public static NDArray of(NDManager manager, int queries, int cached, DataType dtype) {
        int keys = cached + queries;
        float masked = dtype == DataType.FLOAT16 ? -65504f : -1e9f;
        float[] mask = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = cached + i + 1; j < keys; j++) {
                mask[i * keys + j] = masked;
            }
        }
        NDArray array = manager.create(mask, new Shape(queries, keys));
        return dtype == DataType.FLOAT32 ? array : array.toType(dtype, false);
    }
}
