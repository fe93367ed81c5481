package engram.lab.experiment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shuffled-reading index moves whole blocks: every row still reads each pool row once, in-block order kept. */
class ShuffledBlocksTest {

    private static final int LAYERS = 2;
    private static final int ROWS = 3;
    private static final int N = 12;
    private static final int K = 4;

    private static long[] row(long[] index, int layer, int row) {
        int from = (layer * ROWS + row) * N;
        return Arrays.copyOfRange(index, from, from + N);
    }

    @Test
    void probabilityZeroReadsThePoolInItsOrder() {
        long[] index = ShuffledBlocks.shuffledBlockIndex(LAYERS, ROWS, N, K, 0.0, new Random(1));
        long[] identity = new long[N];
        Arrays.setAll(identity, i -> i);
        for (int l = 0; l < LAYERS; l++) {
            for (int r = 0; r < ROWS; r++) {
                assertArrayEquals(identity, row(index, l, r));
            }
        }
    }

    @Test
    void shuffledRowsPermuteWholeBlocksTheSameWayInEveryLayer() {
        long[] index = ShuffledBlocks.shuffledBlockIndex(LAYERS, ROWS, N, K, 1.0, new Random(7));
        boolean anyMoved = false;
        for (int r = 0; r < ROWS; r++) {
            long[] first = row(index, 0, r);
            assertArrayEquals(first, row(index, 1, r), "one order for all layers");
            long[] sorted = first.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < N; i++) {
                assertEquals(i, sorted[i], "each pool row read exactly once");
            }
            for (int b = 0; b < N / K; b++) {
                assertEquals(0, first[b * K] % K, "a block starts at a block boundary");
                for (int i = 1; i < K; i++) {
                    assertEquals(first[b * K] + i, first[b * K + i], "rows inside a block keep their order");
                }
            }
            anyMoved |= first[N - K] != N - K;
        }
        assertTrue(anyMoved, "with probability 1 the newest block leaves the end in some row");
    }
}
