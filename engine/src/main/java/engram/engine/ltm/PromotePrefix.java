package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The memory rows of a promote read's second pass (long-term-memory.md §3.3 step 4), per layer l, exactly N rows:
 * {@code [last (N - R') rows of {θ_l[i] : origin_l[i] not promoted}, in pool order ; Δ_{p_g}[l] … Δ_{p_1}[l]]},
 * R' = the promoted rows. With one block this is RecencyProbe's "fact's rows moved to the newest end".
 */
public final class PromotePrefix {

    private PromotePrefix() {
    }

    /**
     * @param pool     the pool's rows {@code [L, N, d]}
     * @param promoted versions in the order they take, rank 1 last (every one in the log)
     * @return new rows {@code [L, N, d]} in the pool's dtype
     */
    public static NDArray build(NDArray pool, LongTermMemory ltm, long[] promoted) {
        int layers = ltm.layers();
        int n = ltm.poolRows();
        int k = ltm.blockRows();
        int d = ltm.hidden();
        int moved = promoted.length * k;
        if (moved > n) {
            throw new IllegalArgumentException(promoted.length + " blocks of " + k + " rows exceed the pool's " + n);
        }
        Set<Long> set = new HashSet<>();
        Arrays.stream(promoted).forEach(set::add);
        long[] kept = new long[layers * (n - moved)];
        for (int l = 0; l < layers; l++) {
            int[] rest = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (!set.contains(ltm.origin(l, i))) {
                    rest[count++] = i;
                }
            }
            if (count < n - moved) {
                throw new IllegalStateException("layer " + l + ": only " + count + " rows are not promoted, "
                        + (n - moved) + " needed (origins inconsistent with the log)");
            }
            for (int j = 0; j < n - moved; j++) {
                kept[l * (n - moved) + j] = (long) l * n + rest[count - (n - moved) + j];
            }
        }
        float[] blocks = new float[layers * moved * d];
        for (int b = 0; b < promoted.length; b++) {
            float[] delta = ltm.log().get(promoted[b]).delta();
            for (int l = 0; l < layers; l++) {
                System.arraycopy(delta, l * k * d, blocks, (l * moved + b * k) * d, k * d);
            }
        }
        NDArray tail = pool.getManager().create(blocks, new Shape(layers, moved, d)).toType(pool.getDataType(), false);
        if (moved == n) {
            return tail;
        }
        NDArray flat = pool.reshape((long) layers * n, d);
        NDArray rest = flat.get(new NDIndex("{}", pool.getManager().create(kept))).reshape(layers, n - moved, d);
        return rest.concat(tail, 1);
    }
}
