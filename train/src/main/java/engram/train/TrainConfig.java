package engram.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import engram.train.objective.DeltaOnlyQuestion;
import engram.train.objective.InContextRows;
import engram.train.objective.PoolWindow;
import engram.train.objective.ProseModelling;
import engram.train.objective.Recipe;
import engram.train.objective.RetentionQuestion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything a training run depends on; the run is a pure function of this file (plus the code). Read from JSON in
 * groups; absent keys take the groups' named defaults ({@code DEFAULTS}), unknown keys are refused. The bundled
 * engram-tiny's recipe is not these defaults but its own files, {@code models/engram-tiny/train-config*.json}.
 *
 * @param experiments recipe parts registered from outside this module ({@link Recipe}, {@code
 *                    engram.train.objective.RecipeExtension}), by name, each with its own options; a part runs
 *                    when its name is here
 */
public record TrainConfig(long seed, Model model, Data data, Optimisation optimisation, Curriculum curriculum,
                          Objectives objectives, Map<String, JsonObject> experiments, Run run) {

    public static final long DEFAULT_SEED = 20261201L;

    /**
     * The Llama-shaped MemoryLLM: d, layers, heads, F, vocabulary, K, N/K, RoPE positions; key/value heads (0: as
     * many as query heads) and whether the lm head shares the token embeddings.
     */
    public record Model(int hiddenSize, int layers, int heads, int intermediateSize, int vocabSize, int numTokens,
                        int numBlocks, int maxPositions, int kvHeads, boolean tieEmbeddings) {
        public static final Model DEFAULTS = new Model(128, 4, 4, 352, 2048, 16, 16, 1024, 0, false);

        /** Key/value heads: {@code kvHeads}, or one per query head. */
        public int keyValueHeads() {
            return kvHeads > 0 ? kvHeads : heads;
        }

        /** N = numBlocks · numTokens. */
        public int poolSize() {
            return numTokens * numBlocks;
        }
    }

    /**
     * The synthetic corpus as the trainer reads it: which one ({@code "phrasebook"} or {@code "natural"},
     * {@link engram.train.corpus.Corpus}); BPE training samples; context lengths T of a self-update (phrasebook: fact
     * plus filler, one T per step; natural: each item as written, at most the largest T, so the service's chunks
     * of that many tokens are what the model learns to absorb); the chance the filler goes before the fact
     * (phrasebook); the chance a fixed word of a training phrasing or question is replaced by a random corpus word
     * (phrasebook, {@code corpus.WordNoise}; 0: never).
     */
    public record Data(String corpus, int tokenizerSamples, int[] contextLengths, double fillerBeforeProbability,
                       double wordNoise) {
        public static final Data DEFAULTS = new Data("phrasebook", 20000, new int[] {16, 24, 32}, 0.5, 0.0);

        public engram.train.corpus.Corpus source() {
            return engram.train.corpus.Corpus.of(corpus);
        }

        /** The longest context a self-update trains on: what the service may cut text to. */
        public int maxContext() {
            return java.util.Arrays.stream(contextLengths).max().orElseThrow();
        }
    }

    /**
     * AdamW over all parameters; {@code streams} independent pools per memory step; linear warm-up, then cosine
     * decay to a tenth over the memory steps ({@link Trainer#learningRate}).
     */
    public record Optimisation(int streams, int steps, double learningRate, double weightDecay, int warmupSteps,
                               double gradClip) {
        public static final Optimisation DEFAULTS = new Optimisation(16, 3000, 2e-3, 0.01, 100, 1.0);
    }

    /** The first {@code steps} steps train the objectives without memory only, on {@code batch} rows each. */
    public record Curriculum(int steps, int batch) {
        public static final Curriculum DEFAULTS = new Curriculum(0, 32);
    }

    /**
     * The options of the shipped recipe's objectives, one group each (the full-pool question has none); language
     * modelling on prose and the pool window are off by default.
     */
    public record Objectives(RetentionQuestion.Config retention, DeltaOnlyQuestion.Config deltaOnly,
                             InContextRows.Config inContext, ProseModelling.Config prose,
                             PoolWindow.Config poolWindow) {
        public static final Objectives DEFAULTS = new Objectives(RetentionQuestion.Config.DEFAULTS,
                DeltaOnlyQuestion.Config.DEFAULTS, InContextRows.Config.DEFAULTS, ProseModelling.Config.DEFAULTS,
                PoolWindow.Config.DEFAULTS);
    }

    /**
     * Bookkeeping: log and checkpoint periods, a wall-time limit (0: none), the step after which this run ends (0:
     * at {@code optimisation.steps}; the schedule still spans those, so a stage of a staged run can stop part-way
     * through its schedule), and where: "cpu", "gpu", "gpu:N" or "auto" (fp32 everywhere).
     */
    public record Run(int logEvery, int checkpointEvery, double maxMinutes, int stopAfter, String device) {
        public static final Run DEFAULTS = new Run(25, 250, 0, 0, "cpu");
    }

    public TrainConfig {
        experiments = Collections.unmodifiableMap(new LinkedHashMap<>(experiments == null ? Map.of() : experiments));
    }

    public static TrainConfig defaults() {
        return new TrainConfig(DEFAULT_SEED, Model.DEFAULTS, Data.DEFAULTS, Optimisation.DEFAULTS,
                Curriculum.DEFAULTS, Objectives.DEFAULTS, Map.of(), Run.DEFAULTS);
    }

    public static TrainConfig load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /**
     * A config from its JSON text; {@code source} names it in messages. Unknown keys, unknown experiments and
     * unknown options of an experiment are refused.
     */
    public static TrainConfig parse(String json, String source) {
        try {
            JsonObject merged = ConfigGroup.GSON.toJsonTree(defaults()).getAsJsonObject();
            JsonElement given = JsonParser.parseString(json);
            if (!given.isJsonObject()) {
                throw new IllegalArgumentException("a training config is a JSON object, got " + given);
            }
            ConfigGroup.merge(merged, given.getAsJsonObject(), "", Set.of("experiments"));
            TrainConfig cfg = ConfigGroup.GSON.fromJson(merged, TrainConfig.class);
            Recipe.of(cfg);                                        // every experiment registered, its options known
            return cfg;
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        return ConfigGroup.GSON.toJson(this) + "\n";
    }

    /** The last step this run trains: {@code run.stopAfter} when set, else {@code optimisation.steps}. */
    public int lastStep() {
        return run.stopAfter() > 0 ? Math.min(run.stopAfter(), optimisation.steps()) : optimisation.steps();
    }
}
