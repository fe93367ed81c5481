package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.model.Backbone;

import java.util.Arrays;

/**
 * How a question reads the long-term memory (long-term-memory.md §3.3): after pass 1 (the normal prefill, which
 * records every layer's input states of the prompt) the retriever ranks the log's blocks, {@link PromotionPlan}
 * picks the blocks to promote, and pass 2 reads a prefix with those blocks, whole, at the newest end
 * ({@link PromotePrefix}). When the plan is the newest block alone the prefix is the pool itself and pass 1 stands.
 *
 * @param retriever    ranks the blocks
 * @param promoteRows  R: at most this many rows per layer are promoted (whole blocks)
 * @param recencyPrior β, added to the newest block's standardised score
 */
public record PromoteRead(BlockRetriever retriever, int promoteRows, double recencyPrior) {

    /** What a promote read decided: the blocks (rank 1 last), and the prefix rows of pass 2, or null for none. */
    public record Promotion(long[] versions, String retriever, NDArray prefix) {
        public Promotion {
            versions = versions.clone();
        }
    }

    public PromoteRead {
        if (promoteRows < 1) {
            throw new IllegalArgumentException("promoteRows must be >= 1, got " + promoteRows);
        }
    }

    /** This read with another retriever (an evaluation's oracle, told the asked fact's versions). */
    public PromoteRead with(BlockRetriever other) {
        return new PromoteRead(other, promoteRows, recencyPrior);
    }

    /**
     * Ranks the blocks for a prompt and plans the promotion. {@code pool} [L, N, d] with {@code ltm}; {@code
     * layerInputs}: pass 1's input states of the prompt per layer, {@code [1, T, d]}.
     */
    public Promotion choose(Backbone backbone, NDArray pool, LongTermMemory ltm, int[] promptIds,
                            NDArray[] layerInputs) {
        if (ltm == null || ltm.log().isEmpty()) {
            return new Promotion(new long[0], retriever.name(), null);
        }
        long[] ranked = rank(backbone, ltm, promptIds, layerInputs);
        long[] promoted = PromotionPlan.select(ranked, ltm.log(), Math.max(1, promoteRows / ltm.blockRows()));
        if (promoted.length == 0 || Arrays.equals(promoted, new long[] {ltm.version()})) {
            return new Promotion(promoted, retriever.name(), null); // the newest block is already where it goes
        }
        return new Promotion(promoted, retriever.name(), PromotePrefix.build(pool, ltm, promoted));
    }

    /**
     * The ranking pass 1 of a promote read gives for a prompt, best first, without generating (probes; the
     * retriever's training reads the same states).
     */
    public long[] rank(MemoryLLM model, MemoryPool pool, int[] promptIds) {
        if (pool.ltm() == null || pool.ltm().log().isEmpty()) {
            return new long[0];
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long[] ids = Arrays.stream(promptIds).asLongStream().toArray();
            NDArray prompt = pool.rows().getManager().create(ids, new Shape(1, ids.length));
            NDArray[] inputs = model.backbone().layerInputs(prompt, pool.rows().expandDims(1));
            return rank(model.backbone(), pool.ltm(), promptIds, inputs);
        }
    }

    /** The retriever's ranking, best first. */
    public long[] rank(Backbone backbone, LongTermMemory ltm, int[] promptIds, NDArray[] layerInputs) {
        return retriever.rank(new RetrievalQuery(backbone, ltm, promptIds, layerInputs, recencyPrior));
    }
}
