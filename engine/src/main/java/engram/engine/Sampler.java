package engram.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from fp32 logits, on the Java side (DJL's PyTorch engine has no multinomial, stack-notes §2):
 * greedy, or temperature, top-k, top-p (drop tokens whose ascending cumulative probability is &le; 1 - top_p,
 * keeping at least one), then one uniform draw.
 */
final class Sampler {

    private final GenerateOptions options;
    private final SplittableRandom random;

    Sampler(GenerateOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    int next(float[] logits) {
        if (options.temperature() == 0) {
            return argMax(logits);
        }
        int v = logits.length;
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[b] != logits[a] ? Float.compare(logits[b], logits[a]) : a - b);
        int keep = options.topK() > 0 ? Math.min(options.topK(), v) : v;
        double max = logits[order[0]] / options.temperature();
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[order[i]] / options.temperature() - max);
            sum += p[i];
        }
        if (options.topP() < 1) {
            double cumulative = 0;
            int kept = 0;
            for (int i = 0; i < keep; i++) {
                kept = i + 1;
                cumulative += p[i] / sum;
                if (cumulative >= options.topP()) {
                    break;
                }
            }
            keep = kept;
            sum = 0;
            for (int i = 0; i < keep; i++) {
                sum += p[i];
            }
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < keep; i++) {
            u -= p[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
