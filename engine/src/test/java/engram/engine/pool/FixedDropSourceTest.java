package engram.engine.pool;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedDropSourceTest {

    @Test
    void oneArrayIsSharedByEveryLayer() {
        FixedDropSource source = FixedDropSource.always(new int[] {0, 2, 3});
        assertArrayEquals(new int[][] {{0, 2, 3}, {0, 2, 3}}, source.survivors(2, 5, 2, false, 0, 9));
    }

    @Test
    void perLayerArraysAndPerVersionArraysAreReturned() {
        FixedDropSource perLayer = FixedDropSource.always(new int[] {1, 2}, new int[] {0, 3});
        assertArrayEquals(new int[][] {{1, 2}, {0, 3}}, perLayer.survivors(2, 4, 2, true, 0, 1));

        FixedDropSource byVersion = FixedDropSource.byVersion(Map.of(
                1L, new int[][] {{0, 1}}, 2L, new int[][] {{2, 3}}));
        assertArrayEquals(new int[][] {{2, 3}}, byVersion.survivors(1, 4, 2, false, 0, 2));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> byVersion.survivors(1, 4, 2, false, 0, 3));
        assertTrue(missing.getMessage().contains("version 3"), missing.getMessage());
    }

    @Test
    void givenArraysAreValidatedAgainstTheRequest() {
        FixedDropSource unsorted = FixedDropSource.always(new int[] {2, 1});
        assertThrows(IllegalArgumentException.class, () -> unsorted.survivors(1, 4, 2, false, 0, 0));
        FixedDropSource outOfRange = FixedDropSource.always(new int[] {1, 4});
        assertThrows(IllegalArgumentException.class, () -> outOfRange.survivors(1, 4, 2, false, 0, 0));
        FixedDropSource wrongLength = FixedDropSource.always(new int[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongLength.survivors(1, 4, 2, false, 0, 0));
        assertTrue(e.getMessage().contains("N-K = 2"), e.getMessage());
        FixedDropSource twoLayers = FixedDropSource.always(new int[] {0, 1}, new int[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> twoLayers.survivors(3, 4, 2, true, 0, 0));
    }

    @Test
    void callerCannotMutateTheGivenArraysAfterwards() {
        int[] given = {0, 1};
        FixedDropSource source = FixedDropSource.always(given);
        given[0] = 3;
        source.survivors(1, 4, 2, false, 0, 0)[0][1] = 3;
        assertArrayEquals(new int[][] {{0, 1}}, source.survivors(1, 4, 2, false, 0, 0));
    }
}
