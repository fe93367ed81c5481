package engram.lab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.JsonObject;
import engram.engine.ModelConfig;
import engram.train.ConfigGroup;
import engram.train.TrainConfig;
import engram.train.objective.Objective;
import engram.train.objective.QuestionRows;
import engram.train.objective.RecipeExtension;
import engram.train.objective.RecipePart;
import engram.train.objective.Step;
import engram.train.objective.StreamDrops;

/**
 * Durable writes (lab NOTES; not in the bundled recipe): each step's facts asked again from a copy of the updated
 * pool aged by 1..maxAge-1 simulated later updates (random drops, other streams' new rows appended), with gradient
 * into the write, weighted by {@code weight}. The retention objective reads facts written earlier from the real
 * pools, which are detached: it teaches reading old rows, never writing rows that last. This one sends the gradient
 * of a question asked after the drops and the newer rows into the write itself.
 */
public final class AgedWrites implements Objective {

    /** @param maxAge one more than the most simulated updates */
    public record Config(double weight, int maxAge) {
        public static final Config DEFAULTS = new Config(0.5, 16);
    }

    /** Registers {@code experiments.agedWrites}. */
    public static final class Extension implements RecipeExtension {
        @Override
        public String name() {
            return "agedWrites";
        }

        @Override
        public RecipePart create(JsonObject options, TrainConfig cfg) {
            return new AgedWrites(ConfigGroup.parse(options, Config.DEFAULTS, Config.class, "experiments." + name()));
        }
    }

    private final Config config;

    AgedWrites(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "agedWrites";
    }

    @Override
    public boolean readsMemory() {
        return true;
    }

    @Override
    public NDArray loss(Step step) {
        if (config.weight() <= 0 || step.memoryStepsBefore() <= 0) {
            return null;
        }
        QuestionRows fresh = QuestionRows.of(step.manager(), step.batch().questions(), step.eos());
        NDArray aged = aged(step, step.updated(), step.delta().stopGradient());
        return fresh.loss(step.backbone().logits(fresh.ids(), aged)).mul((float) config.weight());
    }

    /**
     * {@code updated} [L, B, N, d] (with gradient into this step's rows) as it would be after {@code age - 1} more
     * self-updates, age drawn in 2..maxAge. Each simulated update drops K random rows per layer and stream, keeping
     * the order of the rest, and appends K new rows: another stream's rows of this step (stream b gets stream b+j's
     * at the j-th), real writes of other facts.
     */
    private NDArray aged(Step step, NDArray updated, NDArray newRows) {
        ModelConfig model = step.model();
        int later = 1 + LabPurpose.AGED_WRITE.random(step.seed(), step.number())
                .nextInt(Math.max(1, config.maxAge() - 1));
        // the same counter-based drops as the real pools, under a seed of their own
        long dropSeed = LabPurpose.AGED_WRITE.seed(step.seed(), step.number());
        int streams = step.streams();
        NDArray pool = updated;
        for (int j = 1; j <= later; j++) {
            int shift = j % streams;
            NDArray others = shift == 0 ? newRows : newRows.get(new NDIndex(":, {}:", shift))
                    .concat(newRows.get(new NDIndex(":, :{}", shift)), 1);
            pool = pool.gather(StreamDrops.survivorIndex(step.manager(), model, streams, dropSeed, j,
                    model.numTokens()), 2).concat(others, 2);
        }
        return pool;
    }

    @Override
    public String cardLine() {
        return String.format("`agedWrites` (lab), weight %.2f: each step's facts are asked again from a copy of the "
                + "updated pool aged by 1..%d simulated later updates (random drops, other streams' rows appended), "
                + "with the gradient going into the write.", config.weight(), config.maxAge() - 1);
    }
}
