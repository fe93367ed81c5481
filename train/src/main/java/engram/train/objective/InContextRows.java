package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.StepRandom;
import engram.train.TrainingBatch;

import java.util.List;

/**
 * Reading a fact from the context itself, without memory: each row is context, question, answer. Loss on the answer
 * ({@code weight}; it teaches the copying that reading memory needs) plus a language-model loss on every token
 * ({@code lmLossWeight}). The second matters more than it looks: every question repeats a name from its context,
 * so next-token prediction over the whole row rewards copying what was seen earlier (the induction-head signal),
 * on far more tokens per row than the answer alone. The only objective of the curriculum steps, where each row holds
 * its fact alone (finding a fact is learned first); from the memory steps on, {@code distractors} other facts'
 * contexts around it make the question pick its fact among several.
 */
public final class InContextRows implements Objective {

    public record Config(double weight, double lmLossWeight, int distractors) {
        public static final Config DEFAULTS = new Config(0.5, 0.0, 0);
    }

    private final Config config;

    public InContextRows(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "inContext";
    }

    @Override
    public boolean readsMemory() {
        return false;
    }

    @Override
    public NDArray loss(Step step) {
        if (!step.isCurriculum() && config.weight() <= 0 && config.lmLossWeight() <= 0) {
            return null;
        }
        int distractors = step.isCurriculum() ? 0 : config.distractors();
        List<TrainingBatch.Question> rows = step.batch().inContextQuestions(distractors,
                StepRandom.seed(step.seed(), StepRandom.Purpose.DISTRACTORS, step.number()));
        QuestionRows answers = QuestionRows.of(step.manager(), rows, step.eos());
        NDArray logits = step.backbone().logits(answers.ids(), null);
        NDArray loss = answers.loss(logits).mul((float) config.weight());
        if (config.lmLossWeight() > 0) {
            QuestionRows everyToken = QuestionRows.of(step.manager(), rows.stream()
                    .map(q -> new TrainingBatch.Question(q.ids(), 1, q.answer())).toList(), step.eos());
            loss = loss.add(everyToken.loss(logits).mul((float) config.lmLossWeight()));
        }
        step.measure(Step.Figure.IN_CONTEXT, answers.exactAnswers(logits, 0, rows.size()));
        return loss;
    }

    @Override
    public String cardLine() {
        return String.format("`inContext`: the fact answered from its context (no memory), weight %.2f, plus a "
                + "language-model loss on every token of those rows, weight %.2f%s.", config.weight(),
                config.lmLossWeight(), config.distractors() > 0 ? String.format("; in the memory steps the rows "
                + "carry %d other facts' contexts around the asked one, so the question has to be matched to its "
                + "fact", config.distractors()) : "");
    }
}
