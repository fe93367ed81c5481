package engram.tools.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.topology.TopologyConfig;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.TextChunk;
import engram.topology.engine.UpdateInput;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of news items, each with one question, asked the way a user of the service does: one fresh memory per item,
 * the item's text cut by the service's own chunker and limits (title, blank line, body, as a {@code NewsArticle} is
 * memorised), each chunk one self-update through the engine port, then the question through the port's
 * {@code answer} (the service's prompt format and decoding). The only part of the service left out is Kafka, which
 * moves the same bytes. An answer is right when it contains the expected text (the project's rule), or one of the
 * item's accepted alternatives.
 *
 * <p>Items are JSON Lines: {@code text} (or {@code title} and {@code body}), {@code question}, {@code answer},
 * optionally {@code alternatives} (an array of other accepted answers).
 */
public final class NewsSetEval {

    /** The set written by the project to judge reading of ordinary news prose (model selection, not training). */
    public static final String BUNDLED_SET = "/engram/tools/eval/news-dev.jsonl";

    /** One item of the set. */
    public record Item(String text, String question, List<String> accepted) {
    }

    /** One item's outcome. */
    public record Outcome(Item item, int updates, String answer, boolean right) {
    }

    /** The whole run. */
    public record Report(String set, String modelId, List<Outcome> outcomes, double seconds) {

        public long right() {
            return outcomes.stream().filter(Outcome::right).count();
        }

        public double accuracy() {
            return outcomes.isEmpty() ? 0 : (double) right() / outcomes.size();
        }
    }

    private final MemoryEngine engine;
    private final PrintStream log;

    public NewsSetEval(MemoryEngine engine, PrintStream log) {
        this.engine = engine;
        this.log = log;
    }

    public Report run(String name, List<Item> items, int maxNewTokens) {
        long started = System.nanoTime();
        int maxTokens = Math.min(TopologyConfig.DEFAULT_MAX_CHUNK_TOKENS, engine.maxChunkTokens());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String memory = "news-set-" + i;
            List<TextChunk> chunks = engine.chunk(item.text(), maxTokens);
            for (int c = 0; c < chunks.size(); c++) {
                engine.selfUpdate(memory, new UpdateInput(memory + "-" + c, memory, chunks.get(c).tokenIds()));
            }
            GeneratedAnswer answer = engine.answer(memory, item.question(), maxNewTokens);
            boolean right = item.accepted().stream().anyMatch(answer.text()::contains);
            outcomes.add(new Outcome(item, chunks.size(), answer.text(), right));
            log.printf("%2d/%d %s  %s -> %s%n", i + 1, items.size(), right ? "right" : "WRONG", item.question(),
                    answer.text());
        }
        return new Report(name, engine.modelId(), outcomes, (System.nanoTime() - started) / 1e9);
    }

    /** Reads a set from a file, or the bundled set when {@code file} is null. */
    public static List<Item> read(Path file) throws IOException {
        List<String> lines;
        if (file == null) {
            try (var in = NewsSetEval.class.getResourceAsStream(BUNDLED_SET)) {
                if (in == null) {
                    throw new IOException("the bundled news set " + BUNDLED_SET + " is missing from the classpath");
                }
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } else {
            lines = Files.readAllLines(file);
        }
        List<Item> items = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                items.add(item(JsonParser.parseString(line).getAsJsonObject()));
            } catch (RuntimeException e) {
                throw new IOException((file == null ? BUNDLED_SET : file) + " line " + (n + 1) + ": " + e.getMessage(),
                        e);
            }
        }
        return items;
    }

    private static Item item(JsonObject o) {
        String text;
        if (o.has("text")) {
            text = o.get("text").getAsString();
        } else {
            String title = o.has("title") ? o.get("title").getAsString().strip() : "";
            String body = o.get("body").getAsString();
            text = title.isEmpty() ? body : title + "\n\n" + body; // as NewsArticleParser memorises an article
        }
        List<String> accepted = new ArrayList<>();
        accepted.add(o.get("answer").getAsString());
        if (o.has("alternatives")) {
            o.getAsJsonArray("alternatives").forEach(a -> accepted.add(a.getAsString()));
        }
        if (text.isBlank() || o.get("question").getAsString().isBlank() || accepted.get(0).isBlank()) {
            throw new IllegalArgumentException("text, question and answer must not be blank");
        }
        return new Item(text, o.get("question").getAsString(), List.copyOf(accepted));
    }

    /** Markdown: the score, then one row per item. */
    public static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("News set `%s` on %s: **%d of %d** right (%.0f s).%n%n", r.set(), r.modelId(),
                r.right(), r.outcomes().size(), r.seconds()));
        md.append("| # | updates | question | expected | answer | right |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < r.outcomes().size(); i++) {
            Outcome o = r.outcomes().get(i);
            md.append(String.format("| %d | %d | %s | %s | %s | %s |%n", i + 1, o.updates(), cell(o.item().question()),
                    cell(o.item().accepted().get(0)), cell(o.answer()), o.right() ? "yes" : "no"));
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
