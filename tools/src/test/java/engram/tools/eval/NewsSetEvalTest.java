package engram.tools.eval;

import engram.app.testing.WordMemoryEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewsSetEvalTest {

    @Test
    void theBundledSetHasFortyItemsWhoseAnswersAreInTheirText() throws IOException {
        List<NewsSetEval.Item> items = NewsSetEval.read(null);
        assertEquals(40, items.size());
        for (NewsSetEval.Item item : items) {
            assertTrue(item.text().contains(item.accepted().get(0)), item.text());
            assertFalse(item.question().contains(item.accepted().get(0)), item.question());
        }
    }

    @Test
    void readsTitleAndBodyAsTheServiceMemorisesAnArticle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.writeString(file, """
                {"title": "Acme names a chief", "body": "Acme named Jo Lee as chief.", "question": "Who leads Acme?", "answer": "Jo Lee", "alternatives": ["Lee"]}

                {"text": "Beta moved to Oslo.", "question": "Where is Beta?", "answer": "Oslo"}
                """);
        List<NewsSetEval.Item> items = NewsSetEval.read(file);
        assertEquals("Acme names a chief\\n\\nAcme named Jo Lee as chief.".translateEscapes(), items.get(0).text());
        assertEquals(List.of("Jo Lee", "Lee"), items.get(0).accepted());
        assertEquals("Beta moved to Oslo.", items.get(1).text());
        Files.writeString(file, "{\"text\": \"x\", \"question\": \"\", \"answer\": \"x\"}\n");
        IOException bad = assertThrows(IOException.class, () -> NewsSetEval.read(file));
        assertTrue(bad.getMessage().contains("line 1"), bad.getMessage());
    }

    @Test
    void asksEachItemFromAFreshMemoryAndScoresByContainment() {
        List<NewsSetEval.Item> items = List.of(
                new NewsSetEval.Item("Acme named Jo Lee as chief.", "Who did Acme name as chief?", List.of("Jo Lee")),
                new NewsSetEval.Item("Beta moved to Oslo.", "Where did Beta move?", List.of("Paris")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (WordMemoryEngine engine = new WordMemoryEngine()) {
            NewsSetEval.Report report = new NewsSetEval(engine, new PrintStream(log)).run("test", items, 16);
            assertEquals(2, report.outcomes().size());
            assertTrue(report.outcomes().get(0).right(), report.outcomes().get(0).answer());
            assertFalse(report.outcomes().get(1).right(), "the second item's memory never saw Paris");
            assertEquals(0.5, report.accuracy());
            assertEquals(1, report.outcomes().get(0).updates());
            assertTrue(NewsSetEval.markdown(report).contains("**1 of 2** right"), NewsSetEval.markdown(report));
        }
    }
}
