package engram.train.objective;

import engram.train.StepRandom;
import engram.train.TrainingBatch;

/**
 * Forgetting mitigation (memoryllm-algorithm Algorithm 1): each stream is asked about the fact it injected
 * {@code age} steps ago, 1 &le; age &le; maxAge, from the same updated pool; the contexts injected since are its side
 * documents. Only facts injected since the curriculum ended are in the pools, so the first memory step asks none.
 * The pools are detached: this teaches reading old rows, not writing rows that last.
 */
public final class RetentionQuestion implements Objective {

    /** @param maxAge the oldest fact asked, in steps */
    public record Config(int maxAge) {
        public static final Config DEFAULTS = new Config(32);
    }

    private final Config config;

    public RetentionQuestion(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public boolean readsMemory() {
        return true;
    }

    @Override
    public void ask(Step step, PoolRead read) {
        int memorySteps = step.memoryStepsBefore();
        if (memorySteps <= 0) {
            return;
        }
        int age = 1 + StepRandom.of(step.seed(), StepRandom.Purpose.RETENTION_AGE, step.number())
                .nextInt(Math.min(memorySteps, config.maxAge()));
        TrainingBatch earlier = step.run().batches().of(step.number() - age, step.streams());
        read.ask(earlier.questions(), step.updated(), Step.Figure.RETENTION);
    }

    @Override
    public String cardLine() {
        return String.format("`retention`: a fact injected 1..%d steps ago asked from the same pool.",
                config.maxAge());
    }
}
