package engram.lab.experiment;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import engram.engine.ModelConfig;
import engram.train.ConfigGroup;
import engram.train.TrainConfig;
import engram.train.objective.ReadTransform;
import engram.train.objective.RecipeExtension;
import engram.train.objective.RecipePart;
import engram.train.objective.Step;

import java.util.Random;

/**
 * Layer loss (lab NOTES; not in the bundled recipe): in the Δ-only question, each layer's Δ is, with probability
 * {@code probability} and independently per layer and stream, replaced by the same layer's Δ of another stream
 * (another fact). A model that reads a fact in one layer only loses it with any row there; real drops are
 * independent per layer, so a fact readable from any of two layers survives unless both lose it. Reads all of Δ
 * only: a step whose Δ read a redundant-write subset is left as it is.
 */
public final class LayerLoss implements ReadTransform {

    public record Config(double probability) {
        public static final Config DEFAULTS = new Config(0.5);
    }

    /** Registers {@code experiments.layerLoss}. */
    public static final class Extension implements RecipeExtension {
        @Override
        public String name() {
            return "layerLoss";
        }

        @Override
        public RecipePart create(JsonObject options, TrainConfig cfg) {
            return new LayerLoss(ConfigGroup.parse(options, Config.DEFAULTS, Config.class, "experiments." + name()));
        }
    }

    private final Config config;

    LayerLoss(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "layerLoss";
    }

    @Override
    public void beforeReads(Step step) {
        ModelConfig model = step.model();
        if (config.probability() <= 0 || step.deltaRead().getShape().get(2) != model.numTokens()) {
            return;
        }
        int layers = model.numLayers();
        int streams = step.streams();
        long[] source = layerLossIndex(layers, streams, config.probability(),
                LabPurpose.LAYER_LOSS.random(step.seed(), step.number()));
        step.deltaRead(step.deltaRead().gather(step.manager().create(source, new Shape(layers, streams, 1, 1))
                .broadcast(layers, streams, model.numTokens(), model.hiddenSize()), 1));
    }

    /**
     * Source stream [L][B] flattened: per layer and stream the stream itself, or with probability p the next stream
     * (b + 1 mod B), whose Δ holds another fact. Identity when there is one stream only.
     */
    static long[] layerLossIndex(int layers, int streams, double p, Random random) {
        long[] source = new long[layers * streams];
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < streams; b++) {
                boolean lose = streams > 1 && random.nextDouble() < p;
                source[l * streams + b] = lose ? (b + 1) % streams : b;
            }
        }
        return source;
    }

    @Override
    public String cardLine() {
        return String.format("`layerLoss` (lab): with probability %.2f, independently per layer and stream, the "
                + "Δ-only question reads that layer's Δ of another stream (another fact), so a fact has to be "
                + "readable from more than one layer.", config.probability());
    }
}
