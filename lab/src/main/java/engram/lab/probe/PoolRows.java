package engram.lab.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.engine.MemoryPool;

import java.util.Arrays;

/**
 * Pools with chosen rows, for the probes: states no update sequence produces, made to see how a model reads its
 * rows (by their place: {@link RecencyProbe}; how many of a fact's: {@link RowLossProbe}, {@link RowImportanceProbe}).
 */
final class PoolRows {

    private PoolRows() {
    }

    /**
     * A copy of {@code pool} whose rows, in every layer, are its rows in the given order ({@code order[i]} = the row
     * that goes to place i, a permutation of 0..N-1).
     */
    static MemoryPool reordered(MemoryPool pool, int[] order) {
        int n = (int) pool.shape().get(1);
        boolean[] seen = new boolean[n];
        if (order.length != n) {
            throw new IllegalArgumentException("order has " + order.length + " entries, the pool " + n + " rows");
        }
        for (int i : order) {
            if (i < 0 || i >= n || seen[i]) {
                throw new IllegalArgumentException("order is not a permutation of 0.." + (n - 1) + ": " + i);
            }
            seen[i] = true;
        }
        int[][] everyLayer = new int[(int) pool.shape().get(0)][];
        Arrays.fill(everyLayer, order);
        return picked(pool, everyLayer);
    }

    /**
     * A copy of {@code pool} whose row i of layer l is its row {@code source[l][i]} (rows may repeat or be left
     * out; {@link #reordered} is the permutation case).
     */
    static MemoryPool picked(MemoryPool pool, int[][] source) {
        Shape shape = pool.shape();
        int layers = (int) shape.get(0);
        int n = (int) shape.get(1);
        if (source.length != layers) {
            throw new IllegalArgumentException("source has " + source.length + " layers, the pool " + layers);
        }
        long[] index = new long[layers * n];
        for (int l = 0; l < layers; l++) {
            if (source[l].length != n) {
                throw new IllegalArgumentException("layer " + l + ": " + source[l].length + " rows, the pool " + n);
            }
            for (int i = 0; i < n; i++) {
                if (source[l][i] < 0 || source[l][i] >= n) {
                    throw new IllegalArgumentException("layer " + l + ": no row " + source[l][i]);
                }
                index[l * n + i] = source[l][i];
            }
        }
        try (NDManager scratch = pool.rows().getManager().newSubManager()) {
            NDArray picked = pool.rows().gather(scratch.create(index, new Shape(layers, n, 1)).broadcast(shape), 1);
            return pool.copyWithRows(picked);
        }
    }
}
