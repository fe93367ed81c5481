package engram.train.objective;

import ai.djl.ndarray.NDArray;

/**
 * One objective of a training step: questions asked in the step's shared read of the updated pools ({@link #ask}),
 * a loss term of its own ({@link #loss}), or both. A step's loss is the shared read's loss plus every term, in the
 * recipe's order.
 *
 * <p>Curriculum steps run only the objectives that read no memory; memory steps run all of them, after the
 * self-update (with gradient) has given the step's Δ and updated pools ({@link Step}).
 */
public interface Objective extends RecipePart {

    /** False for an objective on text alone (no pool): the only kind a curriculum step runs. */
    boolean readsMemory();

    /** Adds this objective's questions to the step's shared read of the pools (one forward, one mean loss). */
    default void ask(Step step, PoolRead read) {
    }

    /** Its own term of the step's loss (already weighted), or null when it adds none this step. */
    default NDArray loss(Step step) {
        return null;
    }
}
