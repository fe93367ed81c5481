package engram.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import engram.train.eval.RetentionEval;
import engram.train.objective.Recipe;
import engram.train.objective.RecipePart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code MODEL_CARD.md} for a trained model folder from what the run itself recorded (train-config.json,
 * loss.csv, the eval report), so no figure in the card is typed by hand.
 */
public final class ModelCard {

    private ModelCard() {
    }

    public static void write(Path modelDir, TrainConfig cfg, Path lossCsv, double trainMinutes, int skippedSteps,
                             RetentionEval.Report eval, String reproduce) throws IOException {
        write(modelDir, null, cfg, lossCsv, trainMinutes, skippedSteps, eval, reproduce);
    }

    /**
     * @param earlier the first stage's config when the run was trained in two stages ({@code train --after}), else
     *                null; the card names the options the second stage changed
     */
    public static void write(Path modelDir, TrainConfig earlier, TrainConfig cfg, Path lossCsv, double trainMinutes,
                             int skippedSteps, RetentionEval.Report eval, String reproduce) throws IOException {
        List<String> loss = Files.readAllLines(lossCsv);
        String last = loss.get(loss.size() - 1);
        String[] f = last.split(",");
        StringBuilder md = new StringBuilder();
        md.append("# engram-tiny\n\n");
        md.append("A small MemoryLLM (Wang et al., ICML 2024) trained from scratch by Engram's own trainer on its ")
                .append("synthetic corpus of fictional news and conversation facts, so that the service answers ")
                .append("questions from injected text out of the box, on a CPU, with no download. Hugging Face ")
                .append("layout: `config.json`, `model.safetensors` (fp32, pool included), `tokenizer.json` ")
                .append("(byte-level BPE trained in Java on the same corpus).\n\n");
        if (eval != null) {
            double a1 = eval.accuracy().values().iterator().next().get(1);
            double baseline = eval.noMemoryBaseline().values().iterator().next();
            md.append(a1 <= baseline + 0.05
                    ? String.format("**Status: this model does not answer from its memory yet** (step-1 accuracy %.3f, "
                            + "no-memory baseline %.3f). It has learned the answer formats but not to read facts "
                            + "back; it is bundled so that the service runs end to end. See the evaluation below.%n%n",
                            a1, baseline)
                    : String.format("Step-1 accuracy %.3f against a no-memory baseline of %.3f.%n%n", a1, baseline));
        }
        TrainConfig.Model m = cfg.model();
        md.append("## Architecture\n\n");
        md.append(String.format("| d | layers | heads | F | vocab | K (tokens per update) | N (pool rows per layer) | "
                        + "positions |%n|---|---|---|---|---|---|---|---|%n| %d | %d | %d | %d | %d | %d | %d | %d |%n%n",
                m.hiddenSize(), m.layers(), m.heads(), m.intermediateSize(), m.vocabSize(), m.numTokens(),
                m.poolSize(), m.maxPositions()));
        md.append("Plain RoPE, no LoRA (all weights trained), per-layer drops, learned b_l and e_pos. Memory rows at ")
                .append("sequential positions 1..N in pool order (the paper).\n\n");
        md.append("## Training\n\n");
        if (cfg.curriculum().steps() > 0) {
            md.append(String.format("- Curriculum: steps 1..%d read facts from the context only (rows of context, "
                            + "question, answer; %d rows per step, no memory, constant learning rate); the memory "
                            + "objectives below run from step %d on, with the learning rate decaying.%n",
                    cfg.curriculum().steps(), cfg.curriculum().batch(), cfg.curriculum().steps() + 1));
        }
        if (earlier != null) {
            md.append(String.format("- Two stages: steps 1..%d with the first config (of its %d-step learning-rate "
                    + "schedule), then steps %d..%d with the second (of %d), which changes %s. Everything else below "
                    + "holds for both.%n", earlier.lastStep(), earlier.optimisation().steps(), earlier.lastStep() + 1,
                    cfg.lastStep(), cfg.optimisation().steps(), changes(earlier, cfg)));
        }
        TrainConfig.Optimisation o = cfg.optimisation();
        md.append(String.format("- %d streams (independent pools evolving as at inference), %s steps, AdamW lr %.1e "
                        + "(warm-up %d, cosine to 10%% over the memory steps), weight decay %.2f, gradient clip %.1f.%n",
                o.streams(), f[0], o.learningRate(), o.warmupSteps(), o.weightDecay(), o.gradClip()));
        md.append("- Objectives of a memory step, after the self-update (with gradient through the injection):\n");
        for (RecipePart part : Recipe.of(cfg).parts()) {
            md.append("  - ").append(part.cardLine()).append('\n');
        }
        TrainConfig.Data data = cfg.data();
        md.append(String.format("- Data: contexts of %s tokens (fact + filler), filler before the fact with "
                + "probability %.2f.%n", java.util.Arrays.toString(data.contextLengths()),
                data.fillerBeforeProbability()));
        if (data.wordNoise() > 0) {
            md.append(String.format("- Wording noise: each fixed word of a training phrasing or question is replaced "
                    + "by a random training-corpus word with probability %.2f (never a word only held-out templates "
                    + "use), so facts are read by their values rather than their template.%n", data.wordNoise()));
        }
        md.append(String.format("- Wall time %.1f min on the 2-core build machine (shared), torch single-threaded; "
                + "%d step(s) skipped for a non-finite gradient.%n", trainMinutes, skippedSteps));
        md.append(String.format("- Final logged window: loss %s, exact answers (teacher forcing) %s just injected, "
                + "%s injected t steps ago%s.%n%n", f[1], f[2], f[3], f.length > 5 ? ", " + f[5] + " in context" : ""));
        md.append("![loss curve](loss.png)\n\n");
        md.append("Reproduce:\n\n```bash\n").append(reproduce).append("\n```\n\n");
        if (eval != null) {
            md.append("## Evaluation (knowledge retention, memoryllm-algorithm §8.1)\n\n");
            md.append("Inject a context holding the fact, then unrelated contexts one by one; ask after t ")
                    .append("self-updates (t = 1: right after the fact). Correct when the expected answer is a ")
                    .append("substring of the first 10 greedy tokens. ").append(eval.examples())
                    .append(" examples per split: held-out names with training phrasings, and held-out ")
                    .append("phrasings. Contexts are shaped as the service feeds them: within the model's chunk limit, ")
                    .append("topped up in front with filler to 16 tokens.\n\n");
            md.append("| split | t | accuracy | bound a1·(1−K/N)^(t−1) | accuracy / bound |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<Integer, Double>> e : eval.accuracy().entrySet()) {
                for (Map.Entry<Integer, Double> p : e.getValue().entrySet()) {
                    double bound = eval.bound(e.getKey(), p.getKey());
                    md.append(String.format("| %s | %d | %.3f | %.3f | %.2f |%n", e.getKey(), p.getKey(), p.getValue(),
                            bound, bound > 0 ? p.getValue() / bound : Double.NaN));
                }
            }
            md.append(String.format("%nNo-memory baseline (same question, pool without the fact): %s. "
                    + "Specificity (question about a never-injected fact answered with the injected fact's answer): "
                    + "%s.%n%n", eval.noMemoryBaseline(), eval.specificityConfusion()));
            md.append("![retention](retention.png)\n");
            md.append(shortfalls(eval, cfg.model().numBlocks()));
        }
        Path integrity = modelDir.resolve("integrity.md");
        if (Files.isRegularFile(integrity)) {
            // written by `./engram eval --integrity N --out <model dir>`, a separate run of about half an hour
            md.append("\n## Integrity\n\n").append(Files.readString(integrity)).append("\n![integrity](integrity.png)\n");
        }
        Path reproduction = modelDir.resolve("reproduction.md");
        if (Files.isRegularFile(reproduction)) {
            // a second training run from the command above, written up by hand: an hour of CPU, so not in CI
            md.append("\n## Reproduction\n\n").append(Files.readString(reproduction));
        }
        Files.writeString(modelDir.resolve("MODEL_CARD.md"), md.toString());
    }

    /**
     * Where the eval falls short of issue #4's targets: step-1 accuracy on held-out names below 90% or a no-memory
     * baseline above 5%, retention at t ≤ N/K below 0.8 × the bound, held-out phrasings below 60% at t = 1. States
     * the figures only: why a model falls short is measured elsewhere (engine/README, the recency probe). Empty when
     * nothing does.
     */
    static String shortfalls(RetentionEval.Report eval, int poolBlocks) {
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, Map<Integer, Double>> e : eval.accuracy().entrySet()) {
            double a1 = e.getValue().get(1);
            if (e.getKey().equals("HELDOUT_TEMPLATES") && a1 < 0.6) {
                out.add(String.format("held-out phrasings: step-1 accuracy %.2f (target 0.60)", a1));
            }
            if (!e.getKey().equals("HELDOUT_NAMES")) {
                continue;
            }
            if (a1 < 0.9) {
                out.add(String.format("held-out names: step-1 accuracy %.2f (target 0.90)", a1));
            }
            Double baseline = eval.noMemoryBaseline().get(e.getKey());
            if (baseline != null && baseline > 0.05) {
                out.add(String.format("held-out names: no-memory baseline %.2f (target at most 0.05)", baseline));
            }
            for (Map.Entry<Integer, Double> p : e.getValue().entrySet()) {
                double bound = eval.bound(e.getKey(), p.getKey());
                if (p.getKey() > 1 && p.getKey() <= poolBlocks && p.getValue() < 0.8 * bound) {
                    out.add(String.format("retention at t = %d: %.2f of the bound (target 0.80)", p.getKey(),
                            p.getValue() / bound));
                }
            }
        }
        return out.isEmpty() ? "" : "\n**Falls short of its targets** (engine/README \"Why retention falls below the "
                + "bound\" measures why):\n\n- " + String.join("\n- ", out) + "\n";
    }

    /** "key a → b, ..." for the options that differ between two configs ("group.key" inside groups). */
    static String changes(TrainConfig before, TrainConfig after) {
        List<String> out = new java.util.ArrayList<>();
        changes(ConfigGroup.GSON.toJsonTree(before).getAsJsonObject(),
                ConfigGroup.GSON.toJsonTree(after).getAsJsonObject(), "", out);
        return out.isEmpty() ? "nothing" : String.join(", ", out);
    }

    private static void changes(JsonObject a, JsonObject b, String path, List<String> out) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        for (String key : keys) {
            JsonElement x = a.get(key);
            JsonElement y = b.get(key);
            if (x != null && y != null && x.isJsonObject() && y.isJsonObject()) {
                changes(x.getAsJsonObject(), y.getAsJsonObject(), path + key + ".", out);
            } else if (x == null || !x.equals(y)) {
                out.add("`" + path + key + "` " + (x == null ? "absent" : x) + " → " + (y == null ? "absent" : y));
            }
        }
    }
}
