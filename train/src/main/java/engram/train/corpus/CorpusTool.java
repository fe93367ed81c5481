package engram.train.corpus;

import com.google.gson.JsonObject;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;

import java.io.BufferedWriter;
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
 * Builds the data side of engram-tiny. Two commands:
 * <pre>
 * CorpusTool build OUT_DIR [--seed 1] [--tokenizer-samples 20000] [--vocab 2048] [--sample-lines 200]
 *                          [--stat-samples 2000]
 *     OUT_DIR/corpus-sample.jsonl  sample-lines samples of each split (context, question, answer, split, ...);
 *                                  --sample-lines 0 writes none (e.g. when OUT_DIR is a model directory)
 *     OUT_DIR/tokenizer.json       byte-level BPE trained on tokenizer-samples TRAIN samples (see TokenizerCorpus)
 *     then prints token-length statistics of stat-samples contexts and prompts per split under the new tokenizer
 * CorpusTool samples DIR [--seed 4]
 *     DIR/news.jsonl, DIR/questions.jsonl  the quick-start news items and their questions (NewsSamples)
 * </pre>
 */
public final class CorpusTool {

    private final PrintStream out;

    /** A tool that prints its progress to {@code out} (for an app command to delegate to). */
    public CorpusTool(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        try {
            new CorpusTool(System.out).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CorpusTool: " + e.getMessage());
            System.err.println("usage: CorpusTool build OUT_DIR [--seed N] [--tokenizer-samples N] [--vocab N]"
                    + " [--sample-lines N] [--stat-samples N]\n       CorpusTool samples DIR [--seed N]");
            System.exit(2);
        }
    }

    /** Runs one command; a bad argument raises IllegalArgumentException with the reason. */
    public void run(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("need a command and a directory");
        }
        Path directory = Path.of(args[1]);
        Map<String, Long> options = options(Arrays.copyOfRange(args, 2, args.length));
        switch (args[0]) {
            case "build" -> {
                checkOnly(options, "--seed", "--tokenizer-samples", "--vocab", "--sample-lines", "--stat-samples");
                long seed = options.getOrDefault("--seed", 1L);
                int sampleLines = Math.toIntExact(options.getOrDefault("--sample-lines", 200L));
                if (sampleLines > 0) {
                    writeCorpusSample(directory, seed, sampleLines);
                }
                Path tokenizerJson = buildTokenizer(directory, seed,
                        Math.toIntExact(options.getOrDefault("--tokenizer-samples", 20_000L)),
                        Math.toIntExact(options.getOrDefault("--vocab", 2048L)));
                printTokenStatistics(tokenizerJson, seed,
                        Math.toIntExact(options.getOrDefault("--stat-samples", 2000L)));
            }
            case "samples" -> {
                checkOnly(options, "--seed");
                writeNewsSamples(directory, options.getOrDefault("--seed", 4L));
            }
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
        }
    }

    /** {@code lines} samples of every split as JSON Lines. */
    Path writeCorpusSample(Path directory, long seed, int lines) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("corpus-sample.jsonl");
        List<JsonObject> rows = new ArrayList<>();
        for (Split split : Split.values()) {
            CorpusGenerator generator = new CorpusGenerator(seed, split);
            for (int i = 0; i < lines; i++) {
                Sample sample = generator.nextSample();
                Span answer = sample.context().slotSpans().get(sample.question().answerSlot());
                JsonObject row = new JsonObject();
                row.addProperty("split", split.name());
                row.addProperty("relation", sample.fact().relation().name());
                row.addProperty("context", sample.context().text());
                row.addProperty("question", sample.question().question());
                row.addProperty("answer", sample.question().answer());
                row.addProperty("answerStart", answer.start());
                row.addProperty("answerEnd", answer.end());
                row.addProperty("contextTemplates", String.join(",", sample.context().templateIds()));
                row.addProperty("questionTemplate", sample.question().templateId());
                rows.add(row);
            }
        }
        Files.writeString(file, NewsSamples.jsonLines(rows), StandardCharsets.UTF_8);
        out.printf("corpus: wrote %d samples (%d per split) to %s%n", rows.size(), lines, file);
        return file;
    }

    /** Trains the tokenizer on the TRAIN split and writes tokenizer.json. */
    Path buildTokenizer(Path directory, long seed, int samples, int vocabSize) throws IOException {
        BpeTrainer trainer = new BpeTrainer();
        long started = System.nanoTime();
        int[] fed = {0};
        TokenizerCorpus.feed(seed, samples, text -> {
            trainer.add(text);
            if (++fed[0] % 30_000 == 0) {
                out.printf("tokenizer: counted %d texts (%.1f MB)%n", fed[0], trainer.bytesAdded() / 1e6);
            }
        });
        out.printf("tokenizer: %d texts, %.2f MB, %d distinct words counted in %.1f s%n", fed[0],
                trainer.bytesAdded() / 1e6, trainer.distinctWords(), (System.nanoTime() - started) / 1e9);
        BpeModel model = trainer.train(vocabSize, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> out.println("tokenizer: "
                + line));
        Path file = model.write(directory);
        out.printf("tokenizer: wrote %s (vocab %d, %d merges, special %s) in %.1f s total%n", file,
                model.vocabSize(), model.merges().size(), model.specialTokens(), (System.nanoTime() - started) / 1e9);
        return file;
    }

    /** Token counts of contexts and of prompt + target, per split, under the new tokenizer. */
    void printTokenStatistics(Path tokenizerJson, long seed, int n) throws IOException {
        try (Tokenizer tokenizer = Tokenizer.load(tokenizerJson)) {
            for (Split split : Split.values()) {
                CorpusGenerator generator = new CorpusGenerator(seed + 1000, split);
                int[] context = new int[n];
                int[] prompt = new int[n];
                int[] answer = new int[n];
                long chars = 0;
                for (int i = 0; i < n; i++) {
                    Sample sample = generator.nextSample();
                    Encoding encoding = tokenizer.encode(sample.context().text());
                    context[i] = encoding.size();
                    chars += sample.context().text().length();
                    prompt[i] = tokenizer.encode(sample.question().prompt()).size();
                    answer[i] = tokenizer.encode(sample.question().target()).size();
                }
                out.printf("tokens %-17s context mean %.1f p95 %d max %d (%.2f chars/token); prompt mean %.1f max %d;"
                        + " answer mean %.1f max %d%n", split, mean(context), percentile(context, 0.95),
                        percentile(context, 1.0), chars / (double) Arrays.stream(context).sum(), mean(prompt),
                        percentile(prompt, 1.0), mean(answer), percentile(answer, 1.0));
            }
        }
    }

    /** news.jsonl and questions.jsonl for the quick start. */
    void writeNewsSamples(Path directory, long seed) throws IOException {
        Files.createDirectories(directory);
        List<NewsSamples.Item> items = NewsSamples.generate(seed);
        Path news = directory.resolve("news.jsonl");
        Path questions = directory.resolve("questions.jsonl");
        Files.writeString(news, NewsSamples.jsonLines(items.stream().map(NewsSamples.Item::article).toList()),
                StandardCharsets.UTF_8);
        Files.writeString(questions, NewsSamples.jsonLines(items.stream().map(NewsSamples.Item::question).toList()),
                StandardCharsets.UTF_8);
        out.printf("samples: wrote %d news items to %s and their questions to %s%n", items.size(), news, questions);
    }

    private static Map<String, Long> options(String[] args) {
        Map<String, Long> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name VALUE, got '" + String.join(" ", args) + "'");
            }
            try {
                options.put(args[i], Long.parseLong(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " needs a whole number, got '" + args[i + 1] + "'");
            }
        }
        return options;
    }

    private static void checkOnly(Map<String, Long> options, String... allowed) {
        for (String name : options.keySet()) {
            if (!Arrays.asList(allowed).contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + String.join(", ", allowed)
                        + ")");
            }
        }
    }

    private static double mean(int[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static int percentile(int[] values, double q) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
