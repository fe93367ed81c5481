package engram.engine.ltm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A retriever that scores every block of the log, ranked the same way whatever the score (long-term-memory.md
 * §3.3 step 2): scores are standardised over the window's blocks (mean 0, standard deviation 1, so one recency
 * prior β fits every retriever), β is added to the newest block's, then scores are rounded to 1e-4 and ties go to
 * the newer block, so that ulp-level differences between machines cannot reorder the ranking.
 */
public abstract class ScoredRetriever implements BlockRetriever {

    /** One score per entry, entries oldest first. */
    protected abstract double[] scores(RetrievalQuery query, List<DeltaLog.Entry> entries);

    @Override
    public final long[] rank(RetrievalQuery query) {
        List<DeltaLog.Entry> entries = query.ltm().entries();
        if (entries.isEmpty()) {
            return new long[0];
        }
        double[] z = standardised(scores(query, entries));
        long newest = query.ltm().version();
        List<long[]> ranked = new ArrayList<>(); // {rounded score, version}
        for (int e = 0; e < entries.size(); e++) {
            long version = entries.get(e).version();
            double score = z[e] + (version == newest ? query.recencyPrior() : 0);
            ranked.add(new long[] {Math.round(score * 1e4), version});
        }
        ranked.sort(Comparator.<long[]>comparingLong(r -> -r[0]).thenComparingLong(r -> -r[1]));
        return ranked.stream().mapToLong(r -> r[1]).toArray();
    }

    /** (s - mean) / std over the blocks; all zero when every block scores the same. */
    static double[] standardised(double[] s) {
        double mean = 0;
        for (double v : s) {
            mean += v / s.length;
        }
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean) / s.length;
        }
        double std = Math.sqrt(var);
        double[] z = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            z[i] = std > 0 ? (s[i] - mean) / std : 0;
        }
        return z;
    }
}
