package engram.train.corpus;

import com.google.gson.JsonObject;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the data side of engram-tiny; {@code ./engram corpus build|samples} runs it (options and defaults:
 * {@code ./engram corpus build --help}).
 * <ul>
 *   <li>{@link #build}: {@code corpus-sample.jsonl} (samples of each split: context, question, answer, split, ...),
 *       {@code tokenizer.json} (byte-level BPE trained on TRAIN samples, see TokenizerCorpus), then token-length
 *       statistics of contexts and prompts per split under the new tokenizer;</li>
 *   <li>{@link #samples}: {@code news.jsonl} and {@code questions.jsonl}, the quick-start news items and their
 *       questions (NewsSamples).</li>
 * </ul>
 */
public final class CorpusTool {

    private final PrintStream out;

    /** A tool that prints its progress to {@code out} (for an app command to delegate to). */
    public CorpusTool(PrintStream out) {
        this.out = out;
    }

    /**
     * Writes {@code corpus-sample.jsonl} ({@code sampleLines} per split; 0 writes none, e.g. into a model folder)
     * and {@code tokenizer.json} (vocabulary {@code vocab}, trained on {@code tokenizerSamples} TRAIN samples) into
     * {@code directory}, then prints token statistics of {@code statSamples} samples per split.
     */
    public void build(Path directory, long seed, int tokenizerSamples, int vocab, int sampleLines, int statSamples)
            throws IOException {
        if (sampleLines > 0) {
            writeCorpusSample(directory, seed, sampleLines);
        }
        Path tokenizerJson = buildTokenizer(directory, seed, tokenizerSamples, vocab);
        printTokenStatistics(tokenizerJson, seed, statSamples);
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
    public void samples(Path directory, long seed) throws IOException {
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

    private static double mean(int[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static int percentile(int[] values, double q) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
