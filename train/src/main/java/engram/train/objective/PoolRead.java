package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.TrainingBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The questions a memory step asks of its pools, batched into one forward with one loss: the mean over every
 * asked row's answer tokens. Each objective adds a set of question rows and the memory [L, rows, N, d] they read
 * (the full-pool question: this step's facts from the updated pools; the retention question: earlier facts from
 * the same pools).
 */
public final class PoolRead {

    private record Asked(Step.Figure figure, int from, int to) {
    }

    private final List<TrainingBatch.Question> questions = new ArrayList<>();
    private NDArray memory;
    private final List<Asked> asked = new ArrayList<>();

    /** Asks {@code rows} (one per stream) from {@code memory}; their exact answers are recorded as {@code figure}. */
    public void ask(List<TrainingBatch.Question> rows, NDArray memory, Step.Figure figure) {
        asked.add(new Asked(figure, questions.size(), questions.size() + rows.size()));
        questions.addAll(rows);
        this.memory = this.memory == null ? memory : this.memory.concat(memory, 1);
    }

    public boolean isEmpty() {
        return questions.isEmpty();
    }

    /** The read's loss; {@code transforms} may change the memory first ({@link ReadTransform#poolMemory}). */
    NDArray loss(Step step, List<ReadTransform> transforms) {
        QuestionRows rows = QuestionRows.of(step.manager(), questions, step.eos());
        NDArray read = memory;
        for (ReadTransform t : transforms) {
            read = t.poolMemory(read, step);
        }
        NDArray logits = step.backbone().logits(rows.ids(), read);
        NDArray loss = rows.loss(logits);
        for (Asked a : asked) {
            step.measure(a.figure(), rows.exactAnswers(logits, a.from(), a.to()));
        }
        return loss;
    }
}
