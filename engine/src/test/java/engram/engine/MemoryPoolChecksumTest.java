package engram.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.engine.pool.PoolChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link MemoryPool#checksum()} reads the tensor's bytes in place; it must name exactly the bytes
 * {@link PoolChecksum} defines (little-endian fp32, [L, N, d] row-major), whatever the tensor's memory layout.
 */
class MemoryPoolChecksumTest {

    @Test
    void equalsTheChecksumOfTheValuesAfterSelfUpdates(@TempDir Path dir) throws Exception {
        Path modelDir = TinyModels.write(dir.resolve("model"), TinyModels.sevenBStyle(), 5);
        try (MemoryLLM model = MemoryLLM.load(modelDir, EngineOptions.cpu()); MemoryPool pool = model.newPool(9)) {
            assertEquals(PoolChecksum.of(pool.toFloatArray()), pool.checksum());
            for (int update = 0; update < 3; update++) {
                Version v = model.selfUpdate(pool, new int[] {3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
                assertEquals(PoolChecksum.of(pool.toFloatArray()), v.checksum(), "version " + v.version());
            }
        }
    }

    @Test
    void aNonContiguousPoolTensorGivesTheSameChecksumAsItsValues() {
        int layers = 2;
        int n = 5;
        int d = 3;
        float[] values = new float[layers * n * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 100;
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // [L, d, N] transposed to [L, N, d]: a strided view, not row-major memory
            NDArray strided = manager.create(values, new Shape(layers, d, n)).transpose(0, 2, 1);
            MemoryPool pool = new MemoryPool(manager.newSubManager(), strided, 1, 0, true, "test");
            assertEquals(PoolChecksum.of(pool.toFloatArray()), pool.checksum());
        }
    }
}
