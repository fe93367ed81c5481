package engram.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class GradientsTest {

    @Test
    void zeroingClearsNonFiniteValuesToo() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray g = m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -3f});
            Gradients.zero(g);
            assertArrayEquals(new float[] {0, 0, 0}, g.toFloatArray());
        }
    }
}
