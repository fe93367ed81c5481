package engram.lab.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes' pool copies with chosen rows: each layer takes the rows it names, the original untouched. */
class PoolRowsTest {

    @TempDir
    Path dir;

    private MemoryLLM model() throws IOException {
        ModelConfig config = TinyModels.plain(32, 2, 4, 2, 64, 64);               // L = 2, N = 8
        return MemoryLLM.load(TinyModels.write(dir.resolve("m"), config, 3), EngineOptions.cpu());
    }

    @Test
    void eachLayerTakesTheRowsItNames() throws IOException {
        try (MemoryLLM model = model(); MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, new int[] {5, 6, 7, 8, 9});
            NDArray before = pool.rows().duplicate();
            int[][] source = {{0, 0, 1, 2, 3, 4, 5, 7}, {7, 6, 5, 4, 3, 2, 1, 0}};
            try (MemoryPool picked = PoolRows.picked(pool, source)) {
                assertEquals(pool.version(), picked.version());
                for (int l = 0; l < 2; l++) {
                    for (int i = 0; i < 8; i++) {
                        assertTrue(picked.rows().get(new NDIndex("{}, {}", l, i))
                                .allClose(pool.rows().get(new NDIndex("{}, {}", l, source[l][i]))), l + "/" + i);
                    }
                }
                assertFalse(picked.rows().get(new NDIndex("1")).allClose(pool.rows().get(new NDIndex("1"))),
                        "layer 1 reversed");
            }
            assertTrue(pool.rows().allClose(before), "the pool itself is unchanged");
            assertThrows(IllegalArgumentException.class,
                    () -> PoolRows.picked(pool, new int[][] {{0, 1, 2, 3, 4, 5, 6, 7}}));
            assertThrows(IllegalArgumentException.class,
                    () -> PoolRows.picked(pool, new int[][] {{0, 1, 2, 3, 4, 5, 6, 8}, {0, 1, 2, 3, 4, 5, 6, 7}}));
        }
    }

    @Test
    void aReorderedPoolHoldsTheSameRowsInTheGivenOrder() throws IOException {
        try (MemoryLLM model = model(); MemoryPool pool = model.newPool(1)) {
            model.selfUpdate(pool, new int[] {5, 6, 7, 8, 9});
            try (MemoryPool reversed = PoolRows.reordered(pool, new int[] {7, 6, 5, 4, 3, 2, 1, 0})) {
                assertEquals(pool.version(), reversed.version());
                assertTrue(reversed.rows().allClose(pool.rows().flip(1)));
            }
            assertThrows(IllegalArgumentException.class,
                    () -> PoolRows.reordered(pool, new int[] {0, 0, 1, 2, 3, 4, 5, 6}));
            assertThrows(IllegalArgumentException.class, () -> PoolRows.reordered(pool, new int[] {0, 1}));
        }
    }
}
