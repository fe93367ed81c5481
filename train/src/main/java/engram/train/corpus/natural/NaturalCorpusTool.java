package engram.train.corpus.natural;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.NewsSamples;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes samples of the natural corpus, trains a tokenizer on it and prints its statistics:
 * <pre>
 * NaturalCorpusTool build OUT_DIR [--seed 1] [--sample-items 100] [--tokenizer-items 20000] [--vocab 8192]
 *                                 [--stat-items 2000]
 *     OUT_DIR/natural-sample.jsonl  sample-items items of each split with their slots, questions and rules
 *     OUT_DIR/tokenizer.json        byte-level BPE of vocab tokens on tokenizer-items TRAIN items
 *                                   (NaturalTokenizerText); --tokenizer-items 0 skips it and the token statistics
 *     then, per split over stat-items items: words, sentences, questions and rules per item, and tokens per item,
 *     per question and per answer under the new tokenizer
 * </pre>
 */
public final class NaturalCorpusTool {

    private final PrintStream out;

    public NaturalCorpusTool(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        try {
            new NaturalCorpusTool(System.out).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("NaturalCorpusTool: " + e.getMessage());
            System.err.println("usage: NaturalCorpusTool build OUT_DIR [--seed N] [--sample-items N]"
                    + " [--tokenizer-items N] [--vocab N] [--stat-items N]");
            System.exit(2);
        }
    }

    public void run(String[] args) throws IOException {
        if (args.length < 2 || !args[0].equals("build")) {
            throw new IllegalArgumentException("need 'build OUT_DIR'");
        }
        Map<String, Long> options = new LinkedHashMap<>(Map.of("--seed", 1L, "--sample-items", 100L,
                "--tokenizer-items", 20_000L, "--vocab", 8192L, "--stat-items", 2000L));
        for (int i = 2; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option " + args[i] + " (known: "
                        + options.keySet() + ")");
            }
            try {
                options.put(args[i], Long.parseLong(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " needs a whole number, got '" + args[i + 1] + "'");
            }
        }
        Path dir = Path.of(args[1]);
        long seed = options.get("--seed");
        Files.createDirectories(dir);
        writeSample(dir, seed, Math.toIntExact(options.get("--sample-items")));
        printGrammar();
        int tokenizerItems = Math.toIntExact(options.get("--tokenizer-items"));
        Tokenizer tokenizer = null;
        if (tokenizerItems > 0) {
            tokenizer = Tokenizer.load(buildTokenizer(dir, seed, tokenizerItems,
                    Math.toIntExact(options.get("--vocab"))));
        }
        try {
            for (NaturalSplit split : NaturalSplit.values()) {
                new CorpusStatistics(split, tokenizer).add(new NaturalCorpus(seed + 1000, split),
                        Math.toIntExact(options.get("--stat-items"))).print(out);
            }
        } finally {
            if (tokenizer != null) {
                tokenizer.close();
            }
        }
    }

    /** {@code items} items of every split as JSON Lines. */
    Path writeSample(Path dir, long seed, int items) throws IOException {
        List<JsonObject> rows = new ArrayList<>();
        for (NaturalSplit split : NaturalSplit.values()) {
            NaturalCorpus corpus = new NaturalCorpus(seed, split);
            for (int i = 0; i < items; i++) {
                rows.add(json(corpus.nextItem()));
            }
        }
        Path file = dir.resolve("natural-sample.jsonl");
        Files.writeString(file, NewsSamples.jsonLines(rows), StandardCharsets.UTF_8);
        out.printf("natural corpus: wrote %d items (%d per split) to %s%n", rows.size(), items, file);
        return file;
    }

    static JsonObject json(NewsItem item) {
        JsonObject row = new JsonObject();
        row.addProperty("split", item.split().name());
        row.addProperty("relation", item.relation());
        row.addProperty("kind", item.kind().name());
        row.addProperty("text", item.text());
        JsonArray slots = new JsonArray();
        for (NewsItem.SlotValue s : item.slots()) {
            JsonObject o = new JsonObject();
            o.addProperty("slot", s.slot());
            o.addProperty("kind", s.kind());
            o.addProperty("text", s.text());
            o.addProperty("start", s.span().start());
            o.addProperty("end", s.span().end());
            slots.add(o);
        }
        row.add("slots", slots);
        JsonArray questions = new JsonArray();
        for (NaturalQuestion q : item.questions()) {
            JsonObject o = new JsonObject();
            o.addProperty("question", q.question());
            o.addProperty("answer", q.answer());
            o.addProperty("slot", q.slot());
            o.addProperty("answerStart", q.answerSpan().start());
            o.addProperty("answerEnd", q.answerSpan().end());
            o.addProperty("form", q.formId());
            questions.add(o);
        }
        row.add("questions", questions);
        JsonArray rules = new JsonArray();
        item.ruleIds().forEach(rules::add);
        row.add("rules", rules);
        return row;
    }

    /** Rules, alternatives, question forms and the held-out partition. */
    void printGrammar() {
        NaturalGrammar g = NaturalGrammar.get();
        int rules = 0;
        int alternatives = 0;
        int heldOut = 0;
        Map<String, int[]> forms = new LinkedHashMap<>();
        for (Grammar.Rule rule : g.grammar.rules().values()) {
            boolean question = rule.name().startsWith("Q.");
            for (Grammar.Alternative a : rule.alternatives()) {
                if (question) {
                    String relation = rule.name().split("\\.")[1];
                    forms.computeIfAbsent(relation, r -> new int[2])[a.heldOut() ? 1 : 0]++;
                } else {
                    alternatives++;
                    heldOut += a.heldOut() ? 1 : 0;
                }
            }
            rules += question ? 0 : 1;
        }
        out.printf("grammar: %d rules, %d alternatives (%d held out), %d classes; %d held-out words%n", rules,
                alternatives, heldOut, g.grammar.classes().size(), g.pools.heldOut().size());
        StringBuilder line = new StringBuilder("question forms (train/held out):");
        forms.forEach((relation, n) -> line.append(' ').append(relation).append(' ').append(n[0]).append('/')
                .append(n[1]));
        out.println(line);
        out.printf("prose: %d of %d WordNet sentences are TRAIN text; %.0f%% of prose paragraphs%n",
                ProseSource.trainGlosses().size(), g.lexicon.glosses().size(), ProseSource.GLOSS_SHARE * 100);
    }

    Path buildTokenizer(Path dir, long seed, int items, int vocab) throws IOException {
        BpeTrainer trainer = new BpeTrainer();
        long started = System.nanoTime();
        NaturalTokenizerText.feed(seed, items, trainer::add);
        out.printf("tokenizer: %d items, %.2f MB, %d distinct words counted in %.1f s%n", items,
                trainer.bytesAdded() / 1e6, trainer.distinctWords(), (System.nanoTime() - started) / 1e9);
        BpeModel model = trainer.train(vocab, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> {
            if (line.contains("done")) {
                out.println("tokenizer: " + line);
            }
        });
        Path file = model.write(dir);
        out.printf("tokenizer: wrote %s (vocab %d)%n", file, model.vocabSize());
        return file;
    }

    static int percentile(int[] values, double q) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }
}
