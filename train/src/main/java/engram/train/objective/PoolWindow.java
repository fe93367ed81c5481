package engram.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import engram.train.StepRandom;

/**
 * The shared read of a memory step sees only the pool's newest {@code rows} rows (in place: positions 1..rows,
 * the prompt right after them, as in the full pool), except with probability {@code fullPoolProbability} the whole
 * pool. Reading costs time linear in the rows read, and with a pool of thousands of rows most of a step would go to
 * keys and values of rows no question needs; the newest rows, where the asked facts sit, keep their distances to the
 * prompt exactly. The occasional full read shows the model the far rows it will also have in front of it when
 * served. Questions about facts older than rows/K updates should not be asked under a window (retention maxAge).
 * Off when {@code rows} is 0.
 */
public final class PoolWindow implements ReadTransform {

    public record Config(int rows, double fullPoolProbability) {
        public static final Config DEFAULTS = new Config(0, 0.0);
    }

    private final Config config;

    public PoolWindow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "poolWindow";
    }

    @Override
    public NDArray poolMemory(NDArray memory, Step step) {
        long n = memory.getShape().get(2);
        if (config.rows() <= 0 || config.rows() >= n
                || StepRandom.of(step.seed(), StepRandom.Purpose.POOL_WINDOW, step.number()).nextDouble()
                        < config.fullPoolProbability()) {
            return memory;
        }
        return memory.get(new NDIndex(":, :, {}:", n - config.rows()));
    }

    @Override
    public String cardLine() {
        return String.format("`poolWindow`: the questions of a memory step read the pool's newest %d rows, the "
                + "whole pool with probability %.2f.", config.rows(), config.fullPoolProbability());
    }
}
