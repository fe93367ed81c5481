package engram.engine.pool;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Survivors given up front, for golden tests that pin the exact drops (e.g. dumped from a Python run).
 * The given arrays are validated against each request: wrong layer count, length, order or range is an error
 * naming the layer, never a silently different pool.
 */
public final class FixedDropSource implements DropIndexSource {

    private final int[][] always;
    private final Map<Long, int[][]> byVersion;

    private FixedDropSource(int[][] always, Map<Long, int[][]> byVersion) {
        this.always = always;
        this.byVersion = byVersion;
    }

    /**
     * The same survivors for every version. One array is shared by every layer; otherwise give one per layer.
     */
    public static FixedDropSource always(int[]... survivorsPerLayer) {
        if (survivorsPerLayer.length == 0) {
            throw new IllegalArgumentException("FixedDropSource needs at least one survivors array");
        }
        return new FixedDropSource(deepCopy(survivorsPerLayer), Map.of());
    }

    /** Survivors per pool version ({@code [L][N-K]}, or one array shared by every layer); other versions fail. */
    public static FixedDropSource byVersion(Map<Long, int[][]> survivorsByVersion) {
        Map<Long, int[][]> copy = new HashMap<>();
        survivorsByVersion.forEach((version, arrays) -> copy.put(version, deepCopy(arrays)));
        return new FixedDropSource(null, copy);
    }

    @Override
    public int[][] survivors(int layers, int n, int k, boolean perLayer, long seed, long version) {
        DropArguments.check(layers, n, k);
        int[][] given = always != null ? always : byVersion.get(version);
        if (given == null) {
            throw new IllegalStateException("FixedDropSource has no survivors for version " + version
                    + " (it has versions " + byVersion.keySet() + ")");
        }
        int[][] out;
        if (given.length == 1) {
            out = DropArguments.sameForEveryLayer(layers, given[0]);
        } else if (given.length == layers) {
            out = deepCopy(given);
        } else {
            throw new IllegalArgumentException("FixedDropSource holds " + given.length
                    + " survivor arrays but the pool has " + layers + " layers");
        }
        for (int layer = 0; layer < out.length; layer++) {
            validate(out[layer], layer, n, k);
        }
        return out;
    }

    private static void validate(int[] survivors, int layer, int n, int k) {
        if (survivors.length != n - k) {
            throw new IllegalArgumentException("layer " + layer + ": " + survivors.length + " survivors given, N-K = "
                    + (n - k) + " expected");
        }
        for (int i = 0; i < survivors.length; i++) {
            if (survivors[i] < 0 || survivors[i] >= n) {
                throw new IllegalArgumentException("layer " + layer + ": survivor " + survivors[i]
                        + " is outside [0, " + n + ")");
            }
            if (i > 0 && survivors[i] <= survivors[i - 1]) {
                throw new IllegalArgumentException("layer " + layer + ": survivors must be strictly ascending, got "
                        + survivors[i - 1] + " then " + survivors[i]);
            }
        }
    }

    private static int[][] deepCopy(int[][] arrays) {
        return Arrays.stream(arrays).map(int[]::clone).toArray(int[][]::new);
    }
}
