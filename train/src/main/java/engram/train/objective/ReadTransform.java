package engram.train.objective;

import ai.djl.ndarray.NDArray;

/**
 * Changes what a memory step's objectives read, not what they ask: {@link #beforeReads} may replace the step's
 * {@link Step#deltaRead()} and {@link Step#poolRead()} before any objective runs, {@link #poolMemory} the memory of
 * the shared read once every objective has asked. Transforms run in the recipe's order. Curriculum steps run none.
 */
public interface ReadTransform extends RecipePart {

    default void beforeReads(Step step) {
    }

    /** The memory [L, R, N, d] the shared read's R question rows read (this transform's change of it). */
    default NDArray poolMemory(NDArray memory, Step step) {
        return memory;
    }
}
