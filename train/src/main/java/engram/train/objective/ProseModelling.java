package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.TrainingBatch;

import java.util.Arrays;
import java.util.List;

/**
 * Language modelling on plain prose, no memory: next-token prediction over every token of {@code rows} rows of
 * {@code length} tokens ({@link engram.train.ProseRows}), weight {@code weight}. The paper starts from a pretrained
 * Llama; a model trained from scratch needs the same first: to read English before it learns to write what it
 * reads into memory. It runs in every step, curriculum and memory steps alike, so reading prose is not forgotten
 * while memory is learned. Off when the weight is 0.
 */
public final class ProseModelling implements Objective {

    public record Config(double weight, int rows, int length) {
        public static final Config DEFAULTS = new Config(0.0, 16, 128);
    }

    private final Config config;

    public ProseModelling(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "prose";
    }

    @Override
    public boolean readsMemory() {
        return false;
    }

    @Override
    public NDArray loss(Step step) {
        if (config.weight() <= 0 || config.rows() <= 0) {
            return null;
        }
        int[][] rows = step.run().prose().of(step.number(), config.rows(), config.length());
        List<TrainingBatch.Question> text = Arrays.stream(rows).map(r -> new TrainingBatch.Question(r, 1, "")).toList();
        QuestionRows everyToken = QuestionRows.of(step.manager(), text, step.eos());
        return everyToken.loss(step.backbone().logits(everyToken.ids(), null)).mul((float) config.weight());
    }

    @Override
    public String cardLine() {
        return String.format("`prose`: language modelling on %d rows of %d tokens of plain prose per step (natural "
                + "news items without their questions, and WordNet sentences), no memory, weight %.2f.", config.rows(),
                config.length(), config.weight());
    }
}
