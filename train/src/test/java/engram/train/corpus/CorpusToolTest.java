package engram.train.corpus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final CorpusTool tool = new CorpusTool(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void buildWritesACorpusSampleAndALoadableTokenizer() throws IOException {
        tool.build(dir, 1, 1500, 600, 20, 50);
        List<JsonObject> rows = jsonLines(dir.resolve("corpus-sample.jsonl"));
        assertEquals(60, rows.size());
        for (JsonObject row : rows) {
            String context = row.get("context").getAsString();
            assertEquals(row.get("answer").getAsString(),
                    context.substring(row.get("answerStart").getAsInt(), row.get("answerEnd").getAsInt()));
        }
        assertEquals(Set.of("TRAIN", "HELDOUT_NAMES", "HELDOUT_TEMPLATES"),
                Set.copyOf(rows.stream().map(r -> r.get("split").getAsString()).toList()));
        try (Tokenizer tokenizer = Tokenizer.load(dir)) {
            assertEquals(600, tokenizer.vocabSize());
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("BPE: done"), output);
        assertTrue(output.contains("tokens HELDOUT_TEMPLATES"), output);
    }

    @Test
    void samplesAreNewsArticlesWithAnswerableQuestions() throws IOException {
        tool.samples(dir, 4);
        List<JsonObject> news = jsonLines(dir.resolve("news.jsonl"));
        List<JsonObject> questions = jsonLines(dir.resolve("questions.jsonl"));
        assertEquals(12, news.size());
        assertEquals(12, questions.size());
        for (int i = 0; i < news.size(); i++) {
            JsonObject article = news.get(i);
            JsonObject question = questions.get(i);
            assertEquals(Set.of("id", "memoryId", "source", "title", "body", "publishedAt", "url", "lang"),
                    article.keySet());
            assertTrue(article.get("publishedAt").getAsLong() > 1_700_000_000_000L);
            assertEquals(article.get("id").getAsString(), question.get("articleId").getAsString());
            assertTrue(article.get("body").getAsString().contains(question.get("expectedAnswer").getAsString()),
                    article + " / " + question);
            assertTrue(question.keySet().containsAll(Set.of("requestId", "memoryId", "question", "createdAt")));
        }
        // reproducible: a second run writes the same bytes
        byte[] first = Files.readAllBytes(dir.resolve("news.jsonl"));
        tool.samples(dir, 4);
        assertEquals(new String(first, StandardCharsets.UTF_8), Files.readString(dir.resolve("news.jsonl")));
    }

    private static List<JsonObject> jsonLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(line -> JsonParser.parseString(line).getAsJsonObject()).toList();
    }
}
