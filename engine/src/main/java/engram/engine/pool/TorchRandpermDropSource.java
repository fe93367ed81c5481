package engram.engine.pool;

import java.util.Arrays;

/**
 * Parity with the official MemoryLLM code: replays {@code torch.manual_seed(seed)} followed by one
 * {@code torch.randperm(N)} (shared by all layers) or L of them in layer order ({@code drop_memory_per_layer}),
 * keeps the first N−K entries of each permutation and sorts them (memoryllm-algorithm §4.4–4.5).
 *
 * <p>Seeding convention: {@code seed} is the torch seed to set right before the injection; {@code version} is
 * ignored. To reproduce a Python run, call {@code torch.manual_seed(s)} immediately before {@code inject_memory}
 * and pass the same {@code s} here for that update (nothing else draws from the CPU generator in an eval-mode
 * injection).
 *
 * <p>{@code randperm_cpu} for n &lt; 2^32/20 (ATen TensorFactories.cpp): r = [0..n-1]; for i = 0..n-2:
 * z = next32() mod (n-i); swap r[i], r[i+z].
 */
public final class TorchRandpermDropSource implements DropIndexSource {

    /** Above this torch switches to a 64-bit inside-out shuffle; pools are never that large. */
    static final long SMALL_N_LIMIT = 0xffffffffL / 20;

    @Override
    public int[][] survivors(int layers, int n, int k, boolean perLayer, long seed, long version) {
        DropArguments.check(layers, n, k);
        Mt19937 generator = new Mt19937(seed);
        if (!perLayer) {
            return DropArguments.sameForEveryLayer(layers, firstSorted(randperm(generator, n), n - k));
        }
        int[][] out = new int[layers][];
        for (int layer = 0; layer < layers; layer++) {
            out[layer] = firstSorted(randperm(generator, n), n - k);
        }
        return out;
    }

    /** torch.randperm(n) on the CPU generator, for n below {@link #SMALL_N_LIMIT}. */
    public static int[] randperm(Mt19937 generator, int n) {
        if (n < 0 || n >= SMALL_N_LIMIT) {
            throw new IllegalArgumentException("randperm replica supports 0 <= n < " + SMALL_N_LIMIT + ", got " + n);
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (generator.nextUnsignedInt() % (n - i));
            int saved = r[i];
            r[i] = r[i + z];
            r[i + z] = saved;
        }
        return r;
    }

    private static int[] firstSorted(int[] permutation, int count) {
        int[] kept = Arrays.copyOf(permutation, count);
        Arrays.sort(kept);
        return kept;
    }
}
