package engram.engine.ltm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.ModelConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Engram's long-term-memory keys in a model's config.json (long-term-memory.md §3.6). Every key is optional; without
 * {@code engram_ltm_window} the long-term memory is off and the engine is exactly the plain MemoryLLM.
 *
 * @param window       W, {@code engram_ltm_window}: the Δ-log keeps the blocks of the last W self-updates; 0 = off
 * @param retriever    {@code engram_ltm_retriever}: the retriever a promote read uses when the caller names none
 * @param promoteRows  R, {@code engram_ltm_promote_rows}: rows per layer a promote read may move to the newest end;
 *                     0 = the default, a quarter of the pool (64 of engram-tiny's 256, M+'s share of its prefix)
 *                     in whole blocks, at least one
 * @param recencyPrior β, {@code engram_ltm_recency_prior}: added to the newest block's standardised score, so that
 *                     near-ties do not push the newest fact (read at ~0.94 where it is) away from the prompt
 * @param scoreLayers  {@code engram_ltm_score_layers}: the layers whose scores the attention retriever sums; empty =
 *                     the default, the last layer (engram-tiny reads its memory there, and on a TRAIN-split feed the
 *                     last layer alone found the fact block at hit@1 0.50, all four summed at 0.18)
 */
public record LtmSettings(int window, String retriever, int promoteRows, double recencyPrior,
                          List<Integer> scoreLayers) {

    /**
     * β when config.json states none: the smallest β (of 0, 1, 2, 2.5, 3) at which engram-tiny still answered the
     * newest news item of a TRAIN-split feed at >= 0.90 with the attention retriever (lab/NOTES.md, 2026-12-06).
     */
    public static final double DEFAULT_RECENCY_PRIOR = 2.5;
    public static final LtmSettings OFF = new LtmSettings(0, BlockRetrievers.ATTENTION, 0,
            DEFAULT_RECENCY_PRIOR, List.of());

    public LtmSettings {
        if (window < 0) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_window' must be >= 0, got "
                    + window);
        }
        if (promoteRows < 0) {
            throw new IllegalArgumentException("promoteRows must be >= 0 (0 = the default), got " + promoteRows);
        }
        if (!Double.isFinite(recencyPrior)) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_recency_prior' must be finite");
        }
        retriever = retriever.toLowerCase(Locale.ROOT);
        scoreLayers = List.copyOf(scoreLayers);
    }

    public boolean enabled() {
        return window > 0;
    }

    public LtmSettings withWindow(int w) {
        return new LtmSettings(w, retriever, promoteRows, recencyPrior, scoreLayers);
    }

    public LtmSettings withRecencyPrior(double beta) {
        return new LtmSettings(window, retriever, promoteRows, beta, scoreLayers);
    }

    public LtmSettings withScoreLayers(List<Integer> layers) {
        return new LtmSettings(window, retriever, promoteRows, recencyPrior, layers);
    }

    /** Checks the settings against the model they will serve; the default R resolved for it. */
    public LtmSettings validate(ModelConfig config) {
        int k = config.numTokens();
        if (promoteRows == 0) {
            int quarter = Math.max(1, config.poolSize() / 4 / k) * k;
            return new LtmSettings(window, retriever, quarter, recencyPrior, scoreLayers).validate(config);
        }
        if (scoreLayers.isEmpty()) {
            return withScoreLayers(List.of(config.numLayers() - 1)).validate(config);
        }
        if (promoteRows < k || promoteRows > config.poolSize()) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_promote_rows' must be between K = "
                    + k + " and N = " + config.poolSize() + ", got " + promoteRows);
        }
        for (int l : scoreLayers) {
            if (l < 0 || l >= config.numLayers()) {
                throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_score_layers' names layer " + l
                        + ", the model has " + config.numLayers());
            }
        }
        return this;
    }

    /** The settings in {@code dir/config.json} (or the given file); OFF when it states none. */
    public static LtmSettings load(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static int stated(int promoteRows) {
        if (promoteRows < 1) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_promote_rows' must be >= 1, got "
                    + promoteRows);
        }
        return promoteRows;
    }

    public static LtmSettings parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String read = o.has("engram_ltm_read") ? o.get("engram_ltm_read").getAsString() : "promote";
        if (!"promote".equals(read)) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_read' must be \"promote\" (the M+ "
                    + "parity read is not implemented), got \"" + read + "\"");
        }
        List<Integer> layers = new ArrayList<>();
        JsonElement l = o.get("engram_ltm_score_layers");
        if (l != null && !l.isJsonNull()) {
            l.getAsJsonArray().forEach(e -> layers.add(e.getAsInt()));
        }
        String retriever = o.has("engram_ltm_retriever")
                ? o.get("engram_ltm_retriever").getAsString().toLowerCase(Locale.ROOT) : OFF.retriever();
        BlockRetrievers.requireServable(retriever);
        return new LtmSettings(
                o.has("engram_ltm_window") ? o.get("engram_ltm_window").getAsInt() : 0, retriever,
                o.has("engram_ltm_promote_rows") ? stated(o.get("engram_ltm_promote_rows").getAsInt()) : 0,
                o.has("engram_ltm_recency_prior") ? o.get("engram_ltm_recency_prior").getAsDouble()
                        : DEFAULT_RECENCY_PRIOR,
                layers);
    }
}
