package engram.engine.pool;

/**
 * The production drop source: counter-based, so version v's drops are a pure function of (seed, v).
 * A replica, a restarted instance and an auditor compute the same survivors without replaying any RNG state, and
 * versions can be recomputed in any order.
 *
 * <p>Definition (stable; changing it changes every pool checksum):
 * <pre>
 *   mix64(z)      = SplitMix64 finalizer (Stafford variant 13)
 *   key           = mix64(mix64(mix64(seed ^ 0x454E4752414D4450) + version) + stream)
 *   word(i)       = mix64(key + (i + 1) * 0x9E3779B97F4A7C15)      // i-th SplitMix64 output from state "key"
 *   stream        = layer when perLayer, else 0 (one draw copied to every layer)
 * </pre>
 * K rows are chosen by a partial Fisher–Yates shuffle of [0, N): for i = 0..K-1 swap slot i with slot
 * i + uniform(N - i). uniform(b) takes the upper 32 bits of the next word and applies Lemire's multiply-shift
 * with rejection, so every bounded draw is exactly uniform (a rejection consumes the next word).
 */
public final class CounterDropSource implements DropIndexSource {

    /** "ENGRAMDP" in ASCII: separates this generator's keys from any other use of the same seed. */
    private static final long DOMAIN = 0x454E4752414D4450L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    @Override
    public int[][] survivors(int layers, int n, int k, boolean perLayer, long seed, long version) {
        DropArguments.check(layers, n, k);
        if (!perLayer) {
            return DropArguments.sameForEveryLayer(layers, survivorsOfStream(n, k, seed, version, 0));
        }
        int[][] out = new int[layers][];
        for (int layer = 0; layer < layers; layer++) {
            out[layer] = survivorsOfStream(n, k, seed, version, layer);
        }
        return out;
    }

    private static int[] survivorsOfStream(int n, int k, long seed, long version, long stream) {
        Stream words = new Stream(streamKey(seed, version, stream));
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = i;
        }
        boolean[] dropped = new boolean[n];
        for (int i = 0; i < k; i++) {
            int j = i + words.uniform(n - i);
            int chosen = slots[j];
            slots[j] = slots[i];
            slots[i] = chosen;
            dropped[chosen] = true;
        }
        return DropArguments.survivorsExcept(dropped, n - k);
    }

    static long streamKey(long seed, long version, long stream) {
        return mix64(mix64(mix64(seed ^ DOMAIN) + version) + stream);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** word(i) for i = 0, 1, 2, ... of one key. */
    private static final class Stream {
        private final long key;
        private long counter;

        Stream(long key) {
            this.key = key;
        }

        long nextWord() {
            counter++;
            return mix64(key + counter * GOLDEN_GAMMA);
        }

        /** Exactly uniform in [0, bound), bound in [1, 2^31). */
        int uniform(int bound) {
            long x = nextWord() >>> 32;
            long product = x * bound;
            long low = product & 0xffffffffL;
            if (low < bound) {
                long threshold = (0x1_0000_0000L - bound) % bound;
                while (low < threshold) {
                    x = nextWord() >>> 32;
                    product = x * bound;
                    low = product & 0xffffffffL;
                }
            }
            return (int) (product >>> 32);
        }
    }
}
