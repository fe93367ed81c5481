package engram.engine;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pool copy with rows of the caller's choosing: same version and seed, those rows, the original untouched. */
class MemoryPoolCopyWithRowsTest {

    @TempDir
    Path dir;

    @Test
    void theCopyHoldsTheGivenRowsAtThePoolsVersion() throws IOException {
        ModelConfig config = TinyModels.plain(32, 2, 4, 2, 64, 64);               // L = 2, N = 8
        try (MemoryLLM model = MemoryLLM.load(TinyModels.write(dir.resolve("m"), config, 3), EngineOptions.cpu());
             MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, new int[] {5, 6, 7, 8, 9});
            NDArray before = pool.rows().duplicate();
            NDArray reversed = pool.rows().flip(1);
            try (MemoryPool copy = pool.copyWithRows(reversed)) {
                assertEquals(pool.version(), copy.version());
                assertEquals(pool.seed(), copy.seed());
                assertTrue(copy.rows().allClose(before.flip(1)));
                assertTrue(!copy.checksum().equals(pool.checksum()), "other rows, another checksum");
            }
            assertTrue(pool.rows().allClose(before), "the pool itself is unchanged");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.copyWithRows(before.get("0")));
            assertTrue(e.getMessage().contains("for a pool of (2, 8, 32)"), e.getMessage());
        }
    }
}
