package engram.engine.ltm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 (k1 = 1.2, b = 0.75) of the prompt's token ids against each update's token ids, kept with its log entry
 * (long-term-memory.md §3.4). Not latent memory: a diagnostic bar that tells finding a block apart from reading it,
 * and a fallback that needs no training. Each distinct prompt token counts once.
 */
public final class LexicalRetriever extends ScoredRetriever {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    @Override
    public String name() {
        return BlockRetrievers.LEXICAL;
    }

    @Override
    protected double[] scores(RetrievalQuery query, List<DeltaLog.Entry> entries) {
        int n = entries.size();
        Map<Integer, Integer> documentFrequency = new HashMap<>();
        double averageLength = 0;
        for (DeltaLog.Entry e : entries) {
            Arrays.stream(e.tokens()).distinct().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            averageLength += (double) e.tokens().length / n;
        }
        int[] terms = Arrays.stream(query.promptIds()).distinct().toArray();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            int[] doc = entries.get(i).tokens();
            Map<Integer, Integer> tf = new HashMap<>();
            for (int t : doc) {
                tf.merge(t, 1, Integer::sum);
            }
            double norm = K1 * (1 - B + B * doc.length / Math.max(averageLength, 1e-9));
            for (int term : terms) {
                Integer f = tf.get(term);
                if (f != null) {
                    int df = documentFrequency.get(term);
                    double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
                    scores[i] += idf * f * (K1 + 1) / (f + norm);
                }
            }
        }
        return scores;
    }
}
