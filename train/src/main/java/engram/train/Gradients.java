package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Gradient housekeeping: torch accumulates into {@code .grad}, so it must be reset between steps. */
final class Gradients {

    private static final NDIndex ALL = new NDIndex("...");

    private Gradients() {
    }

    /**
     * Fills a gradient with zeros. Not {@code g.muli(0)}: NaN * 0 is NaN, so one non-finite gradient would stay in
     * the accumulator forever and silently stop all learning (seen in training).
     */
    static void zero(NDArray gradient) {
        gradient.set(ALL, 0);
    }
}
