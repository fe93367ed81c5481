package engram.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;
import engram.engine.pool.CounterDropSource;

/** The streams' drops, drawn as the runtime draws a pool's: counter-based, per layer, stream b seeded with seed + b. */
public final class StreamDrops {

    private StreamDrops() {
    }

    /**
     * Gather index [L, B, N-dropped, d] of each stream's surviving rows at {@code version} when {@code dropped} rows
     * go. A real update drops K.
     */
    public static NDArray survivorIndex(NDManager manager, ModelConfig config, int streams, long seed, long version,
                                        int dropped) {
        int layers = config.numLayers();
        int keep = config.poolSize() - dropped;
        long[] index = new long[layers * streams * keep];
        CounterDropSource drops = new CounterDropSource();
        for (int b = 0; b < streams; b++) {
            int[][] survivors = drops.survivors(layers, config.poolSize(), dropped, true, seed + b, version);
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < keep; i++) {
                    index[(l * streams + b) * keep + i] = survivors[l][i];
                }
            }
        }
        return manager.create(index, new Shape(layers, streams, keep, 1))
                .broadcast(layers, streams, keep, config.hiddenSize());
    }
}
