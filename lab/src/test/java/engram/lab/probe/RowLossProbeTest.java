package engram.lab.probe;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowLossProbeTest {

    private static final int LAYERS = 2;
    private static final int N = 8;
    private static final int K = 2;

    private static void assertSortedDistinct(int[] survivors) {
        assertEquals(N - K, survivors.length);
        for (int i = 1; i < survivors.length; i++) {
            assertTrue(survivors[i] > survivors[i - 1], "sorted, distinct");
        }
    }

    @Test
    void sparedFactRowsAreNeverDroppedAndAreFollowedAsTheyMoveBack() {
        RowLossProbe.SparingDrops drops = new RowLossProbe.SparingDrops();
        drops.startPool(true);
        drops.markNewestAsFact(LAYERS, N, K);                                 // the fact at rows 6, 7
        for (int version = 1; version <= 20; version++) {
            int[][] survivors = drops.survivors(LAYERS, N, K, true, 3, version);
            for (int[] layer : survivors) {
                assertSortedDistinct(layer);
            }
            if (version == 1) {
                // nothing after the fact yet: its rows are the last survivors, now at 4, 5
                assertEquals(6, survivors[0][N - K - 2]);
                assertEquals(7, survivors[0][N - K - 1]);
            }
            assertEquals(1.0, drops.factRowsLeft(K), "version " + version);
        }
    }

    @Test
    void uniformDropsTakeTheFactsRowsToo() {
        RowLossProbe.SparingDrops drops = new RowLossProbe.SparingDrops();
        drops.startPool(false);
        drops.markNewestAsFact(LAYERS, N, K);
        double left = 1.0;
        for (int version = 1; version <= 20; version++) {
            for (int[] layer : drops.survivors(LAYERS, N, K, true, 3, version)) {
                assertSortedDistinct(layer);
            }
            double now = drops.factRowsLeft(K);
            assertTrue(now <= left, "rows once dropped do not come back");
            left = now;
        }
        assertTrue(left < 1.0, "20 updates dropping 2 of 8 rows take some of the fact's: " + left);
    }

    @Test
    void thinningKeepsThePoolSizeAndPartOfTheFactsRowsAtTheEnd() {
        int[][] source = RowLossProbe.factRowsKept(LAYERS, N, K, 1, new Random(2));
        for (int[] layer : source) {
            assertEquals(N, layer.length);
            assertEquals(0, layer[0], "the one missing fact row is made up by a copy of the oldest row");
            for (int i = 1; i < N - 1; i++) {
                assertEquals(i - 1, layer[i], "the rest of the pool as it was");
            }
            assertTrue(layer[N - 1] >= N - K, "one of the fact's rows, last: " + layer[N - 1]);
        }
        int[][] all = RowLossProbe.factRowsKept(1, N, K, K, new Random(2));
        assertEquals(Arrays.toString(IntStream.range(0, N).toArray()), Arrays.toString(all[0]),
                "keeping every row is the pool itself");
    }

    @Test
    void onTheBundledModelBothArmsAgreeRightAfterTheFact() throws IOException {
        RowLossProbe.Report report = new RowLossProbe(Bundled.MODEL,
                new PrintStream(new ByteArrayOutputStream())).run(8, List.of(1, 2), 7);
        // t = 1: no update since the fact, so both arms ask the same pool, with all of the fact's rows
        assertEquals(report.random().get(1), report.spared().get(1));
        assertEquals(1.0, report.factRowsLeft().get(1), 1e-9);
        assertTrue(report.random().get(1) >= 0.5, "the bundled model answers right after the fact: " + report);
        assertTrue(RowLossProbe.markdown(report).contains("| 2 | "));
        // keeping all K rows is the unthinned pool: the same answers as at t = 1
        assertEquals(report.random().get(1), report.newestWithRowsKept().get(16), 1e-9);
    }
}
