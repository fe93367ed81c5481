package engram.engine.ltm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranking, grouping and the lexical retriever on hand-built long-term memories (1 layer, N = 8, K = 2, d = 3): no
 * model needed, so every rule can be checked against numbers worked out by hand.
 */
class RankingTest {

    /** A memory with one block per token list; {@code sources[i]} names update i+1's source (null: none). */
    static LongTermMemory memory(int window, List<int[]> tokens, String... sources) {
        LongTermMemory ltm = LongTermMemory.empty(window, 1, 8, 2, 3, 0);
        int[][] survivors = {{2, 3, 4, 5, 6, 7}};
        for (int u = 0; u < tokens.size(); u++) {
            float[] block = new float[6];
            block[0] = u + 1; // distinct blocks
            ltm.record(u + 1, block, survivors, sources.length > u ? sources[u] : null, tokens.get(u));
        }
        return ltm;
    }

    /** A retriever with fixed scores per version (1-based). */
    static ScoredRetriever fixed(double... scores) {
        return new ScoredRetriever() {
            @Override
            protected double[] scores(RetrievalQuery query, List<DeltaLog.Entry> entries) {
                return entries.stream().mapToDouble(e -> scores[(int) e.version() - 1]).toArray();
            }

            @Override
            public String name() {
                return "fixed";
            }
        };
    }

    static RetrievalQuery query(LongTermMemory ltm, double beta, int... prompt) {
        return new RetrievalQuery(null, ltm, prompt, null, beta);
    }

    @Test
    void scoresRankBestFirstWithTiesToTheNewerBlockAfterRoundingTo1eMinus4() {
        LongTermMemory ltm = memory(8, List.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {4}));
        // 2 and 3 differ by far less than 1e-4 of a standard deviation: a tie, the newer (3) first
        assertArrayEquals(new long[] {3, 2, 4, 1}, fixed(0, 5, 5 + 1e-9, 1).rank(query(ltm, 0)));
        assertArrayEquals(new long[] {3, 2, 4, 1}, fixed(0, 5 + 1e-9, 5, 1).rank(query(ltm, 0)));
    }

    @Test
    void theRecencyPriorIsAddedToTheNewestBlocksStandardisedScore() {
        LongTermMemory ltm = memory(8, List.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {4}));
        ScoredRetriever r = fixed(0, 2, 0, 1); // mean 0.75, std 0.829: z = -0.90, 1.51, -0.90, 0.30
        assertEquals(2, r.rank(query(ltm, 1.0))[0], "z(4) + 1 = 1.30 < 1.51");
        assertEquals(4, r.rank(query(ltm, 1.3))[0], "z(4) + 1.3 = 1.60 > 1.51");
        assertArrayEquals(new long[] {2, 4, 3, 1}, r.rank(query(ltm, 0)));
    }

    @Test
    void theTopGroupIsPromotedWholeInVersionOrderThenTheBestBlockOfEachNextGroupRankOneLast() {
        List<int[]> tokens = List.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {4}, new int[] {5},
                new int[] {6}, new int[] {7});
        LongTermMemory ltm = memory(16, tokens, "a", "a", "b", "b", null, "a", null);
        // ranking 3 (b), 6 (a), 2 (a), 5 (none), 7 (none), 1 (a), 4 (b)
        long[] ranked = {3, 6, 2, 5, 7, 1, 4};
        assertArrayEquals(new long[] {5, 6, 3, 4}, PromotionPlan.select(ranked, ltm.log(), 4),
                "group b whole (3, 4) last; then a's best (6), then 5, rank 1 last");
        assertArrayEquals(new long[] {3, 4}, PromotionPlan.select(ranked, ltm.log(), 2));
        assertArrayEquals(new long[] {4}, PromotionPlan.select(ranked, ltm.log(), 1),
                "a group longer than the budget keeps its last blocks");
        assertArrayEquals(new long[] {7, 5}, PromotionPlan.select(new long[] {5, 7}, ltm.log(), 4),
                "sourceless blocks are groups of one");
        assertArrayEquals(new long[] {1, 2, 6}, PromotionPlan.select(new long[] {2}, ltm.log(), 4),
                "an oracle naming one chunk brings its whole item");
    }

    @Test
    void bm25RanksTheBlockThatSharesTheRarestPromptTokensFirst() {
        LongTermMemory ltm = memory(8, List.of(new int[] {10, 11, 12, 13}, new int[] {10, 20, 21, 22},
                new int[] {10, 30, 31, 32}, new int[] {10, 11, 40, 41}));
        LexicalRetriever lexical = new LexicalRetriever();
        double[] s = lexical.scores(query(ltm, 0, 10, 21, 99), ltm.entries());
        // token 10 is in every block (idf ln(1 + 0.5/4.5)), 21 only in block 2 (idf ln(1 + 3.5/1.5)), 99 nowhere;
        // all blocks have the average length 4, so tf-normalisation is f(k1+1)/(f+k1) = 1 for f = 1
        double common = Math.log(1 + 0.5 / 4.5);
        double rare = Math.log(1 + 3.5 / 1.5);
        assertArrayEquals(new double[] {common, common + rare, common, common}, s, 1e-12);
        assertEquals(2, lexical.rank(query(ltm, 0, 10, 21, 99))[0]);
        assertEquals(4, lexical.rank(query(ltm, 0, 10, 11, 40))[0], "shares 11 and 40 (40 rarer than 11)");
    }

    @Test
    void theOracleNamesOnlyTheBlocksStillInTheLog() {
        LongTermMemory ltm = memory(3, List.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {4},
                new int[] {5}));
        assertArrayEquals(new long[] {4, 3}, new OracleRetriever(1, 4, 3, 9).rank(query(ltm, 0)));
        assertTrue(ltm.log().get(2) == null, "the window keeps the last 3 updates");
    }
}
