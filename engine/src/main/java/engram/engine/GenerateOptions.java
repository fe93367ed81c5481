package engram.engine;

import java.util.List;

/**
 * How to decode (memoryllm-algorithm §5.5). {@code temperature == 0} is greedy (argmax, ties to the lowest id);
 * otherwise sampling with temperature, then top-k (0 = off), then top-p (1 = off), from a generator seeded with
 * {@code seed}, so the same options give the same tokens.
 *
 * @param maxNewTokens   at most this many tokens (also bounded by the position budget)
 * @param stopTokens     ids that end the generation (not included in the output); null = the model's EOS ids
 * @param useMemoryCache reuse the memory's keys/values computed once per pool version (identical results)
 */
public record GenerateOptions(int maxNewTokens, double temperature, int topK, double topP, long seed,
                              List<Integer> stopTokens, boolean useMemoryCache) {

    public GenerateOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopTokens = stopTokens == null ? null : List.copyOf(stopTokens);
    }

    public static GenerateOptions greedy(int maxNewTokens) {
        return new GenerateOptions(maxNewTokens, 0, 0, 1, 0, null, true);
    }

    /** The published checkpoints' generation_config: T = 0.6, top-k 50, top-p 0.9. */
    public static GenerateOptions sampling(int maxNewTokens, long seed) {
        return new GenerateOptions(maxNewTokens, 0.6, 50, 0.9, seed, null, true);
    }

    public GenerateOptions withMaxNewTokens(int n) {
        return new GenerateOptions(n, temperature, topK, topP, seed, stopTokens, useMemoryCache);
    }

    public GenerateOptions withStopTokens(List<Integer> ids) {
        return new GenerateOptions(maxNewTokens, temperature, topK, topP, seed, ids, useMemoryCache);
    }

    public GenerateOptions withMemoryCache(boolean use) {
        return new GenerateOptions(maxNewTokens, temperature, topK, topP, seed, stopTokens, use);
    }
}
