package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * RMSNorm as in the reference (memoryllm-algorithm §3.1, §9 P13): normalise in fp32, cast back to the activation
 * dtype, then multiply by the weight in that dtype.
 */
final class RmsNorm {

    private static final int[] LAST_AXIS = {-1};

    private RmsNorm() {
    }

    static NDArray apply(NDArray x, NDArray weight, float eps) {
        DataType dtype = x.getDataType();
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray inverseRms = x32.square().mean(LAST_AXIS, true).add(eps).pow(-0.5f);
        return x32.mul(inverseRms).toType(dtype, false).mul(weight);
    }
}
