package engram.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a training run depends on; the run is a pure function of this file (plus the code). Read from JSON;
 * absent keys take the defaults below. The bundled engram-tiny's recipe is not these defaults but its own files,
 * {@code models/engram-tiny/train-config*.json}, which set every key.
 */
public record TrainConfig(
        long seed,
        // model (Llama-shaped MemoryLLM)
        int hiddenSize, int layers, int heads, int intermediateSize, int vocabSize, int numTokens, int numBlocks,
        int maxPositions,
        // data
        int tokenizerSamples, int[] contextLengths, double fillerBeforeProbability,
        // optimisation
        int streams, int steps, double learningRate, double weightDecay, int warmupSteps, double gradClip,
        // objectives (memoryllm-algorithm §6.3, §6.5)
        double deltaOnlyProbability, int maxRetentionAge, double lmLossWeight, double inContextWeight,
        // curriculum: the first inContextSteps steps train reading from the context only, inContextBatch rows each
        int inContextSteps, int inContextBatch,
        // other facts' contexts placed around the asked one in the in-context rows of memory steps (0: alone)
        int inContextDistractors,
        // durable writes: each step's facts asked again from a copy of the updated pool aged by 1..maxAgedWriteAge-1
        // simulated later updates (random drops, other streams' new rows appended), with gradient into the write
        // (weight 0: off)
        double agedWriteWeight, int maxAgedWriteAge,
        // probability that a question row reads its pool with the N/K blocks of K rows in random order (0: never);
        // the asked fact then sits at any depth, so reading the newest rows by their place stops paying
        double shuffledBlocksProbability,
        // probability that a fixed word of a training phrasing or question is replaced by a random corpus word (0:
        // never); teaches reading facts by their values rather than their template (corpus.WordNoise)
        double wordNoise,
        // redundant writes: the questions of this step's fact read Δ with only m of its K rows per layer and stream,
        // m drawn each step in ceil(deltaKeepMin·K)..K (1: all rows, off); the Δ-only question always, the full-pool
        // one too when deltaKeepInPool (its pool then keeps N-m older rows). Real drops take a fact's rows one by
        // one, so a write that needs every row to answer fades faster than the rows do
        double deltaKeepMin, boolean deltaKeepInPool,
        // answer-row loss: in the Δ-only question, each row of Δ computed at an answer token is, with this
        // probability and independently per layer and stream, replaced by a copy of one of Δ's other rows there (0:
        // off). A model that copies each answer token from its own row in one layer loses the answer with that row;
        // this asks it for a second way to the token (another layer's row, the previous row's prediction)
        double answerRowLossProbability,
        // layer loss: in the Δ-only question, each layer's Δ is, with this probability and independently per layer and
        // stream, replaced by the same layer's Δ of another stream (another fact) (0: off). A model that reads a fact
        // in one layer only loses it with any row there; real drops are independent per layer, so a fact readable
        // from any of two layers survives unless both lose it
        double layerLossProbability,
        // bookkeeping
        int logEvery, int checkpointEvery, double maxMinutes,
        // end the run after this step (0: at `steps`); the learning-rate schedule still spans `steps`, so a stage
        // of a staged run can stop part-way through its schedule
        int stopAfter,
        // where: "cpu" (default), "gpu", "gpu:N" or "auto" (fp32 everywhere)
        String device) {

    public static TrainConfig defaults() {
        return new TrainConfig(20261201L,
                128, 4, 4, 352, 2048, 16, 16, 1024,
                20000, new int[] {16, 24, 32}, 0.5,
                16, 3000, 2e-3, 0.01, 100, 1.0,
                0.5, 32, 0.0, 0.5,
                0, 32, 0,
                0.0, 16,
                0.0, 0.0,
                1.0, false,
                0.0, 0.0,
                25, 250, 0, 0, "cpu");
    }

    public static TrainConfig load(Path file) throws IOException {
        TrainConfig d = defaults();
        Gson gson = new GsonBuilder().create();
        com.google.gson.JsonObject merged = gson.toJsonTree(d).getAsJsonObject();
        com.google.gson.JsonObject given = com.google.gson.JsonParser.parseString(Files.readString(file))
                .getAsJsonObject();
        for (String key : given.keySet()) {
            if (!merged.has(key)) {
                throw new IllegalArgumentException(file + ": unknown training option '" + key + "' (known: "
                        + merged.keySet() + ")");
            }
            merged.add(key, given.get(key));
        }
        return gson.fromJson(merged, TrainConfig.class);
    }

    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(this) + "\n";
    }

    /** The last step this run trains: {@code stopAfter} when set, else {@code steps}. */
    public int lastStep() {
        return stopAfter > 0 ? Math.min(stopAfter, steps) : steps;
    }

    public int poolSize() {
        return numTokens * numBlocks;
    }
}
