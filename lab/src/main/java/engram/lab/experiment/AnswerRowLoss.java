package engram.lab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import engram.engine.ModelConfig;
import engram.train.ConfigGroup;
import engram.train.TrainConfig;
import engram.train.TrainingBatch;
import engram.train.objective.ReadTransform;
import engram.train.objective.RecipeExtension;
import engram.train.objective.RecipePart;
import engram.train.objective.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Answer-row loss (lab NOTES; not in the bundled recipe): in the Δ-only question, each row of Δ computed at an answer
 * token is, with probability {@code probability} and independently per layer and stream, replaced by a copy of one
 * of Δ's other rows there. A model that copies each answer token from its own row in one layer loses the answer
 * with that row; this asks it for a second way to the token (another layer's row, the previous row's prediction).
 * Reads all of Δ only: a step whose Δ read a redundant-write subset is left as it is.
 */
public final class AnswerRowLoss implements ReadTransform {

    public record Config(double probability) {
        public static final Config DEFAULTS = new Config(0.5);
    }

    /** Registers {@code experiments.answerRowLoss}. */
    public static final class Extension implements RecipeExtension {
        @Override
        public String name() {
            return "answerRowLoss";
        }

        @Override
        public RecipePart create(JsonObject options, TrainConfig cfg) {
            return new AnswerRowLoss(ConfigGroup.parse(options, Config.DEFAULTS, Config.class,
                    "experiments." + name()));
        }
    }

    private final Config config;

    AnswerRowLoss(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "answerRowLoss";
    }

    @Override
    public void beforeReads(Step step) {
        ModelConfig model = step.model();
        int k = model.numTokens();
        if (config.probability() <= 0 || step.deltaRead().getShape().get(2) != k) {
            return;
        }
        int layers = model.numLayers();
        int streams = step.streams();
        TrainingBatch batch = step.batch();
        boolean[][] answerRows = new boolean[streams][];
        for (int b = 0; b < streams; b++) {
            answerRows[b] = answerRows(batch.contexts()[b], batch.questions().get(b), k);
        }
        long[] index = answerRowLossIndex(layers, answerRows, config.probability(),
                LabPurpose.ANSWER_ROW_LOSS.random(step.seed(), step.number()));
        step.deltaRead(step.deltaRead().gather(step.manager().create(index, new Shape(layers, streams, k, 1))
                .broadcast(layers, streams, k, model.hiddenSize()), 2));
    }

    /**
     * Which of Δ's K rows were computed at a token of the question's answer: row i is the context's token T − K + i,
     * and the answer is the last occurrence in the context of the question's target tokens (EOS left out). None
     * when the target's tokens do not appear as such (a word tokenized differently next to its neighbours).
     */
    static boolean[] answerRows(int[] context, TrainingBatch.Question question, int k) {
        int[] answer = Arrays.copyOfRange(question.ids(), question.targetStart(), question.ids().length - 1);
        boolean[] rows = new boolean[k];
        int t = context.length;
        for (int start = t - answer.length; start >= 0 && answer.length > 0; start--) {
            if (Arrays.equals(context, start, start + answer.length, answer, 0, answer.length)) {
                for (int p = start; p < start + answer.length; p++) {
                    int row = p - (t - k);
                    if (row >= 0 && row < k) {
                        rows[row] = true;
                    }
                }
                break;
            }
        }
        return rows;
    }

    /**
     * Row sources [L][B][K] flattened: per layer and stream the identity, except that each answer row
     * ({@code answerRows[b][i]}) is, with probability p, taken from a random non-answer row of the same layer and
     * stream instead (kept when the stream has none).
     */
    static long[] answerRowLossIndex(int layers, boolean[][] answerRows, double p, Random random) {
        int streams = answerRows.length;
        int k = streams == 0 ? 0 : answerRows[0].length;
        long[] index = new long[layers * streams * k];
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < streams; b++) {
                List<Integer> others = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    if (!answerRows[b][i]) {
                        others.add(i);
                    }
                }
                for (int i = 0; i < k; i++) {
                    boolean lose = answerRows[b][i] && !others.isEmpty() && random.nextDouble() < p;
                    index[(l * streams + b) * k + i] = lose ? others.get(random.nextInt(others.size())) : i;
                }
            }
        }
        return index;
    }

    @Override
    public String cardLine() {
        return String.format("`answerRowLoss` (lab): with probability %.2f, independently per layer and stream, "
                + "each row of Δ computed at an answer token is replaced by a copy of another of Δ's rows in the "
                + "Δ-only question, so an answer token has to be reachable from more than its own row.",
                config.probability());
    }
}
