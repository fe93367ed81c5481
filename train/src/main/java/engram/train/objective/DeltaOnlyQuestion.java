package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.StepRandom;

/**
 * The question about this step's fact asked from Δ alone (no older rows), with probability {@code probability}
 * per step: the write has to hold the fact by itself.
 */
public final class DeltaOnlyQuestion implements Objective {

    public record Config(double probability) {
        public static final Config DEFAULTS = new Config(0.5);
    }

    private final Config config;

    public DeltaOnlyQuestion(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "deltaOnly";
    }

    @Override
    public boolean readsMemory() {
        return true;
    }

    @Override
    public NDArray loss(Step step) {
        if (StepRandom.of(step.seed(), StepRandom.Purpose.DELTA_ONLY, step.number()).nextDouble()
                >= config.probability()) {
            return null;
        }
        QuestionRows fresh = QuestionRows.of(step.manager(), step.batch().questions(), step.eos());
        return fresh.loss(step.backbone().logits(fresh.ids(), step.deltaRead()));
    }

    @Override
    public String cardLine() {
        return String.format("`deltaOnly`: this step's fact asked from Δ alone, with probability %.2f.",
                config.probability());
    }
}
