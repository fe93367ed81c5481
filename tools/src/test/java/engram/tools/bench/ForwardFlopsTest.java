package engram.tools.bench;

import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analytic FLOP counts against sums written out by hand for a tiny config (d=32, 1 head, F=88, K=4, 2 layers). */
class ForwardFlopsTest {

    private final ModelConfig tiny = TinyModels.plain(32, 2, 4, 4, 64, 64);

    @Test
    void selfUpdateWithMoreTokensThanK() {
        // T=8: prefix = b_l + 4 memory rows, Q = 8, S = 13
        long q = 2L * 8 * 32 * 32;
        long kv = 2L * 2 * 13 * 32 * 32;
        long o = 2L * 8 * 32 * 32;
        long mlp = 2L * 3 * 8 * 32 * 88;
        long attention = 2L * 2 * 8 * 13 * 32;
        assertEquals(2.0 * (q + kv + o + mlp + attention), ForwardFlops.selfUpdate(tiny, 8));
    }

    @Test
    void selfUpdateWithFewerTokensThanK() {
        // T=2 < K=4: prefix = b_l + 2 memory rows, queries = the other 2 memory rows + 2 tokens = 4, S = 7
        long q = 2L * 4 * 32 * 32;
        long kv = 2L * 2 * 7 * 32 * 32;
        long o = 2L * 4 * 32 * 32;
        long mlp = 2L * 3 * 4 * 32 * 88;
        long attention = 2L * 2 * 4 * 7 * 32;
        assertEquals(2.0 * (q + kv + o + mlp + attention), ForwardFlops.selfUpdate(tiny, 2));
    }

    @Test
    void prefillCountsTheMemoryProjectionOnlyWithoutTheCache() {
        // prompt 4 after b_l + N=16 rows: S = 21; lm head on the last row: 2·d·V
        long withCache = 2 * (2L * 4 * 32 * 32 + 2L * 2 * 4 * 32 * 32 + 2L * 4 * 32 * 32 + 2L * 3 * 4 * 32 * 88
                + 2L * 2 * 4 * 21 * 32) + 2L * 32 * 64;
        assertEquals(withCache, ForwardFlops.prefill(tiny, 4, true));
        assertEquals(withCache + 2 * 2L * 2 * 17 * 32 * 32, ForwardFlops.prefill(tiny, 4, false));
    }
}
