package engram.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.List;

/** The pool arithmetic of a self-update: what replaces θ once the model has computed Δ. */
final class PoolRows {

    private PoolRows() {
    }

    /**
     * §4.4: per layer, the survivors in their original order, then Δ_l. One gather over [L*N, d], one concat.
     *
     * @param pool      θ [L, N, d]
     * @param delta     Δ [L, K, d]
     * @param survivors [L][N-K] sorted row indices per layer
     */
    static NDArray dropAndAppend(NDArray pool, NDArray delta, int[][] survivors) {
        long layers = pool.getShape().get(0);
        int n = Math.toIntExact(pool.getShape().get(1));
        long d = pool.getShape().get(2);
        int kept = survivors[0].length;
        long[] rows = new long[Math.toIntExact(layers * kept)];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < kept; i++) {
                rows[l * kept + i] = (long) l * n + survivors[l][i];
            }
        }
        NDArray flat = pool.reshape(layers * n, d);
        return flat.get(new NDIndex("{}", pool.getManager().create(rows))).reshape(layers, kept, d).concat(delta, 1);
    }

    /** §4.6: an uninitialised pool is filled with copies of Δ, the first copy cut to its last N mod |Δ| rows. */
    static NDArray tile(NDArray delta, int n) {
        long rows = delta.getShape().get(1);
        List<NDArray> parts = new ArrayList<>();
        for (long filled = 0; filled < n; filled += rows) {
            long take = Math.min(rows, n - filled);
            parts.add(take == rows ? delta : delta.get(new NDIndex(":, {}:", rows - take)));
        }
        return NDArrays.concat(new NDList(parts), 1);
    }
}
