package engram.engine.pool;

/**
 * Decides which memory-pool rows survive a self-update. MemoryLLM drops K of the N rows of every layer uniformly
 * at random without replacement, keeps the survivors in their original order and appends the K new rows
 * (memoryllm-algorithm §4.4). Making the choice a pluggable, pure function of its inputs is what lets replicas,
 * restarted instances and auditors reproduce a pool version exactly.
 */
public interface DropIndexSource {

    /**
     * The rows that survive, per layer.
     *
     * @param layers   number of layers L (&ge; 1)
     * @param n        pool rows per layer N (&ge; 1)
     * @param k        rows to drop K (0 &le; K &le; N)
     * @param perLayer false: one draw shared by every layer (memoryllm-7b); true: each layer draws its own, in layer
     *                 order (memoryllm-8b, {@code drop_memory_per_layer})
     * @param seed     the pool's seed
     * @param version  the pool version being produced by this update
     * @return {@code [L][N-K]}: for each layer the sorted ascending, distinct surviving row indices in [0, N).
     *         Same inputs always give the same output; arrays are fresh, so callers may keep or modify them.
     */
    int[][] survivors(int layers, int n, int k, boolean perLayer, long seed, long version);
}
