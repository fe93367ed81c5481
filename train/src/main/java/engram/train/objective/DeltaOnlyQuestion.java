package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.StepRandom;
import engram.train.TrainingBatch;

import java.util.List;

/**
 * The question about this step's fact asked from Δ alone (no older rows), with probability {@code probability}
 * per step: the write has to hold the fact by itself. With natural batches it asks the item's other question, so
 * one write is read twice, for two of its facts.
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
        // a second question of the same item where the batch has one (natural), else the step's question
        List<TrainingBatch.Question> asked = step.batch().otherQuestions() != null ? step.batch().otherQuestions()
                : step.batch().questions();
        QuestionRows fresh = QuestionRows.of(step.manager(), asked, step.eos());
        return fresh.loss(step.backbone().logits(fresh.ids(), step.deltaRead()));
    }

    @Override
    public String cardLine() {
        return String.format("`deltaOnly`: this step's fact asked from Δ alone, with probability %.2f.",
                config.probability());
    }
}
