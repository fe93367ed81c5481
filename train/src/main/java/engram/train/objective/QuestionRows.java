package engram.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.train.TrainingBatch;

import java.util.Arrays;
import java.util.List;

/**
 * Question rows (prompt, answer, EOS) right-padded into one batch, with a loss mask over each row's target tokens
 * (from its {@code targetStart}: the answer and EOS, or every token for a language-model loss).
 */
public final class QuestionRows {

    private final NDArray ids;
    private final NDArray targets;
    private final NDArray mask;

    private QuestionRows(NDArray ids, NDArray targets, NDArray mask) {
        this.ids = ids;
        this.targets = targets;
        this.mask = mask;
    }

    public static QuestionRows of(NDManager manager, List<TrainingBatch.Question> questions, int pad) {
        int width = questions.stream().mapToInt(q -> q.ids().length).max().orElseThrow();
        int rows = questions.size();
        long[] ids = new long[rows * width];
        long[] targets = new long[rows * (width - 1)];
        float[] mask = new float[rows * (width - 1)];
        Arrays.fill(ids, pad);
        for (int r = 0; r < rows; r++) {
            int[] q = questions.get(r).ids();
            for (int i = 0; i < q.length; i++) {
                ids[r * width + i] = q[i];
            }
            for (int i = 0; i + 1 < width; i++) {
                targets[r * (width - 1) + i] = i + 1 < q.length ? q[i + 1] : pad;
                mask[r * (width - 1) + i] = i + 1 >= questions.get(r).targetStart() && i + 1 < q.length ? 1 : 0;
            }
        }
        return new QuestionRows(manager.create(ids, new Shape(rows, width)),
                manager.create(targets, new Shape(rows, width - 1, 1)),
                manager.create(mask, new Shape(rows, width - 1)));
    }

    /** The token ids [R, width] to predict from. */
    public NDArray ids() {
        return ids;
    }

    /** Mean cross-entropy over the masked target tokens. */
    public NDArray loss(NDArray logits) {
        long width = ids.getShape().get(1);
        NDArray logp = logits.get(new NDIndex(":, :{}", width - 1)).logSoftmax(2);
        NDArray picked = logp.gather(targets, 2).squeeze(2);
        return picked.mul(mask).sum().div(mask.sum()).neg();
    }

    /** Fraction of rows [from, to) whose every target token is the argmax (teacher forcing). */
    public double exactAnswers(NDArray logits, int from, int to) {
        long width = ids.getShape().get(1);
        long[] argmax = logits.get(new NDIndex("{}:{}, :{}", from, to, width - 1)).argMax(2)
                .toType(DataType.INT64, false).toLongArray();
        long[] expected = targets.get(new NDIndex("{}:{}", from, to)).toLongArray();
        float[] m = mask.get(new NDIndex("{}:{}", from, to)).toFloatArray();
        int correct = 0;
        for (int r = 0; r < to - from; r++) {
            boolean ok = true;
            for (int i = 0; i < width - 1; i++) {
                int j = (int) (r * (width - 1) + i);
                if (m[j] > 0 && argmax[j] != expected[j]) {
                    ok = false;
                    break;
                }
            }
            correct += ok ? 1 : 0;
        }
        return (double) correct / (to - from);
    }
}
