package engram.lab.experiment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The redundant-write read keeps a random, ordered part of Δ's rows, chosen apart for every layer and stream. */
class RedundantWritesTest {

    private static final int LAYERS = 3;
    private static final int STREAMS = 4;
    private static final int K = 16;

    @Test
    void eachLayerAndStreamKeepsDistinctRowsOfDeltaInTheirOrder() {
        int kept = 6;
        long[] index = RedundantWrites.deltaSubsetIndex(LAYERS, STREAMS, K, kept, new Random(3));
        assertEquals(LAYERS * STREAMS * kept, index.length);
        boolean anyTwoDiffer = false;
        long[] first = Arrays.copyOfRange(index, 0, kept);
        for (int lb = 0; lb < LAYERS * STREAMS; lb++) {
            long[] rows = Arrays.copyOfRange(index, lb * kept, (lb + 1) * kept);
            for (int i = 0; i < kept; i++) {
                assertTrue(rows[i] >= 0 && rows[i] < K, "a row of Δ: " + rows[i]);
                if (i > 0) {
                    assertTrue(rows[i] > rows[i - 1], "distinct rows in their order: " + Arrays.toString(rows));
                }
            }
            anyTwoDiffer |= !Arrays.equals(first, rows);
        }
        assertTrue(anyTwoDiffer, "layers and streams draw their own rows");
    }

    @Test
    void keepingEveryRowIsTheIdentity() {
        long[] index = RedundantWrites.deltaSubsetIndex(1, 1, K, K, new Random(5));
        for (int i = 0; i < K; i++) {
            assertEquals(i, index[i]);
        }
    }

    @Test
    void theFewestKeptRowsRoundUpAndStayInOneToK() {
        assertEquals(4, RedundantWrites.fewestKeptDeltaRows(0.25, K));
        assertEquals(5, RedundantWrites.fewestKeptDeltaRows(0.26, K));
        assertEquals(K, RedundantWrites.fewestKeptDeltaRows(1.0, K), "1: every row, the option off");
        assertEquals(1, RedundantWrites.fewestKeptDeltaRows(0.0, K), "a question reads at least one row");
    }
}
