package engram.lab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import engram.engine.ModelConfig;
import engram.train.ConfigGroup;
import engram.train.TrainConfig;
import engram.train.objective.ReadTransform;
import engram.train.objective.RecipeExtension;
import engram.train.objective.RecipePart;
import engram.train.objective.Step;
import engram.train.objective.StreamDrops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Redundant writes (lab NOTES; not in the bundled recipe): the questions of this step's fact read Δ with only m of
 * its K rows per layer and stream, m drawn each step in ceil(keepMin·K)..K, a random subset in order: the Δ-only
 * question always, the full-pool one too when {@code inPool} (its pool then keeps N-m older rows). Real drops take a
 * fact's rows one by one, so a write that needs every row to answer fades faster than the rows do.
 */
public final class RedundantWrites implements ReadTransform {

    /** @param keepMin the fewest rows kept, as a fraction of K (1: every row, off) */
    public record Config(double keepMin, boolean inPool) {
        public static final Config DEFAULTS = new Config(0.25, false);
    }

    /** Registers {@code experiments.redundantWrites}. */
    public static final class Extension implements RecipeExtension {
        @Override
        public String name() {
            return "redundantWrites";
        }

        @Override
        public RecipePart create(JsonObject options, TrainConfig cfg) {
            return new RedundantWrites(ConfigGroup.parse(options, Config.DEFAULTS, Config.class,
                    "experiments." + name()), cfg.model().numTokens());
        }
    }

    private final Config config;
    private final int k;

    RedundantWrites(Config config, int k) {
        this.config = config;
        this.k = k;
    }

    @Override
    public String name() {
        return "redundantWrites";
    }

    @Override
    public void beforeReads(Step step) {
        int kept = keptDeltaRows(step);
        if (kept == k) {
            return;
        }
        ModelConfig model = step.model();
        NDArray subset = step.delta().gather(deltaSubsetIndex(step.manager(), model, step.streams(), kept,
                LabPurpose.DELTA_KEEP_ROWS.random(step.seed(), step.number())), 2);
        step.deltaRead(subset);
        if (config.inPool()) {
            // N - kept older rows, then the kept rows of Δ
            step.poolRead(step.pools().gather(StreamDrops.survivorIndex(step.manager(), model, step.streams(),
                    LabPurpose.DELTA_KEEP_POOL.seed(step.seed(), step.number()), step.number() + 1, kept), 2)
                    .concat(subset, 2));
        }
    }

    /** This step's row count: K when off, else drawn in fewest..K. */
    private int keptDeltaRows(Step step) {
        int fewest = fewestKeptDeltaRows(config.keepMin(), k);
        return fewest >= k ? k
                : fewest + LabPurpose.DELTA_KEEP.random(step.seed(), step.number()).nextInt(k - fewest + 1);
    }

    /** The fewest of Δ's K rows a redundant-write question reads: ceil(keepMin·K), at least 1. */
    static int fewestKeptDeltaRows(double keepMin, int k) {
        return Math.max(1, Math.min(k, (int) Math.ceil(keepMin * k - 1e-9)));
    }

    private static NDArray deltaSubsetIndex(NDManager manager, ModelConfig model, int streams, int kept,
                                            Random random) {
        int layers = model.numLayers();
        long[] index = deltaSubsetIndex(layers, streams, model.numTokens(), kept, random);
        return manager.create(index, new Shape(layers, streams, kept, 1))
                .broadcast(layers, streams, kept, model.hiddenSize());
    }

    /**
     * The gather index [L, B, kept] of a redundant-write read: for each layer and stream its own random {@code kept}
     * of Δ's {@code k} rows, in their order (real drops take rows independently per layer and keep the order).
     */
    static long[] deltaSubsetIndex(int layers, int streams, int k, int kept, Random random) {
        long[] index = new long[layers * streams * kept];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            rows.add(i);
        }
        for (int lb = 0; lb < layers * streams; lb++) {
            Collections.shuffle(rows, random);
            List<Integer> chosen = new ArrayList<>(rows.subList(0, kept));
            Collections.sort(chosen);
            for (int i = 0; i < kept; i++) {
                index[lb * kept + i] = chosen.get(i);
            }
        }
        return index;
    }

    @Override
    public String cardLine() {
        return String.format("`redundantWrites` (lab): the questions of each step's fact (%s) read only %d..%d of "
                + "its %d rows per layer and stream, a random subset each step, so that the fact stays readable as "
                + "random drops take its rows one by one.", config.inPool() ? "from Δ alone and from the full pool"
                : "from Δ alone", fewestKeptDeltaRows(config.keepMin(), k), k, k);
    }
}
