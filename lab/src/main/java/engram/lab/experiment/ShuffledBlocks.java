package engram.lab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import engram.train.ConfigGroup;
import engram.train.TrainConfig;
import engram.train.objective.ReadTransform;
import engram.train.objective.RecipeExtension;
import engram.train.objective.RecipePart;
import engram.train.objective.Step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Shuffled reading (lab NOTES; not in the bundled recipe): each question row of the pool read reads, with
 * probability {@code probability}, the pool's N/K blocks of K consecutive rows in a random order, the same in every
 * layer, the rows inside a block kept in their order. Right after an update the newest block is exactly this step's
 * Δ, so the fact moves whole to a random depth and the answer has to be found by what the rows hold, not by where
 * they sit. The gather keeps the gradient into Δ.
 */
public final class ShuffledBlocks implements ReadTransform {

    public record Config(double probability) {
        public static final Config DEFAULTS = new Config(0.5);
    }

    /** Registers {@code experiments.shuffledBlocks}. */
    public static final class Extension implements RecipeExtension {
        @Override
        public String name() {
            return "shuffledBlocks";
        }

        @Override
        public RecipePart create(JsonObject options, TrainConfig cfg) {
            return new ShuffledBlocks(ConfigGroup.parse(options, Config.DEFAULTS, Config.class,
                    "experiments." + name()), cfg.model());
        }
    }

    private final Config config;
    private final TrainConfig.Model model;

    ShuffledBlocks(Config config, TrainConfig.Model model) {
        this.config = config;
        this.model = model;
    }

    @Override
    public String name() {
        return "shuffledBlocks";
    }

    @Override
    public NDArray poolMemory(NDArray memory, Step step) {
        if (config.probability() <= 0) {
            return memory;
        }
        Shape shape = memory.getShape();                                        // [L, R, N, d]
        long[] index = shuffledBlockIndex((int) shape.get(0), (int) shape.get(1), (int) shape.get(2),
                step.model().numTokens(), config.probability(),
                LabPurpose.SHUFFLED_BLOCKS.random(step.seed(), step.number()));
        return memory.gather(step.manager().create(index, new Shape(shape.get(0), shape.get(1), shape.get(2), 1))
                .broadcast(shape), 2);
    }

    /** The gather index [L, R, N]: row r of layer l reads pool row index[(l·R + r)·N + i]. */
    static long[] shuffledBlockIndex(int layers, int rows, int n, int k, double probability, Random random) {
        int blocks = n / k;
        long[] index = new long[layers * rows * n];
        for (int r = 0; r < rows; r++) {
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                order.add(b);
            }
            if (random.nextDouble() < probability) {
                Collections.shuffle(order, random);
            }
            for (int l = 0; l < layers; l++) {
                for (int b = 0; b < blocks; b++) {
                    for (int i = 0; i < k; i++) {
                        index[(l * rows + r) * n + b * k + i] = (long) order.get(b) * k + i;
                    }
                }
            }
        }
        return index;
    }

    @Override
    public String cardLine() {
        return String.format("`shuffledBlocks` (lab): with probability %.2f a question row reads its pool with the "
                + "%d blocks of %d rows in random order (rows inside a block kept in order), so the newest fact sits "
                + "at any depth and has to be found by content.", config.probability(), model.numBlocks(),
                model.numTokens());
    }
}
