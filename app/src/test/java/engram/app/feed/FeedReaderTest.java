package engram.app.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.ConversationTurn;
import engram.schemas.NewsArticle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class FeedReaderTest {

    private record Read(List<String> memories, List<SpecificRecord> records, List<String> bad) {}

    private static Read read(FeedKind kind, String memory, String text) throws IOException {
        Read r = new Read(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        new FeedReader(kind, memory, "feed.txt").read(new BufferedReader(new StringReader(text)), new FeedReader.Sink() {
            @Override
            public void record(String memoryId, SpecificRecord record) {
                r.memories.add(memoryId);
                r.records.add(record);
            }

            @Override
            public void badLine(int lineNumber, String reason) {
                r.bad.add(lineNumber + ": " + reason);
            }
        });
        return r;
    }

    @Test
    void jsonLinesBecomeNewsArticlesWithTheirOwnFields() throws IOException {
        Read r = read(FeedKind.NEWS, null, """
                {"id":"a1","memoryId":"m","source":"Herald","title":"T","body":"B","publishedAt":"2026-03-02T08:00:00Z","url":"u","lang":"en"}
                {"body":"only a body","publishedAt":1700000000000}
                """);
        assertEquals(List.of(), r.bad);
        NewsArticle a = (NewsArticle) r.records.get(0);
        assertEquals("a1", a.getId());
        assertEquals("m", a.getMemoryId());
        assertEquals("Herald", a.getSource());
        assertEquals(Instant.parse("2026-03-02T08:00:00Z"), a.getPublishedAt());
        assertEquals("en", a.getLang());
        NewsArticle b = (NewsArticle) r.records.get(1);
        assertEquals("feed.txt#2", b.getId(), "a missing id is derived from the feed and line, so re-ingesting repeats it");
        assertEquals("default", b.getMemoryId());
        assertEquals("feed.txt", b.getSource());
        assertEquals(Instant.ofEpochMilli(1700000000000L), b.getPublishedAt());
        assertEquals(List.of("m", "default"), r.memories);
    }

    @Test
    void plainTextParagraphsBecomeArticles() throws IOException {
        Read r = read(FeedKind.NEWS, "news", "First line\nof one article.\n\n\nSecond article.\n");
        assertEquals(2, r.records.size());
        assertEquals("First line of one article.", ((NewsArticle) r.records.get(0)).getBody());
        assertEquals("feed.txt#1", ((NewsArticle) r.records.get(0)).getId());
        assertEquals("feed.txt#5", ((NewsArticle) r.records.get(1)).getId());
        assertEquals(List.of("news", "news"), r.memories, "--memory overrides every record");
    }

    @Test
    void conversationLinesAreSpeakerAndText() throws IOException {
        Read r = read(FeedKind.CONVERSATION, null, """
                alice: hello there
                {"conversationId":"c9","speaker":"bob","text":"hi","turnIndex":7,"memoryId":"chat"}
                carol: and me
                """);
        assertEquals(List.of(), r.bad);
        ConversationTurn first = (ConversationTurn) r.records.get(0);
        assertEquals("alice", first.getSpeaker());
        assertEquals("hello there", first.getText());
        assertEquals(0, first.getTurnIndex());
        assertEquals("feed.txt", first.getConversationId());
        ConversationTurn second = (ConversationTurn) r.records.get(1);
        assertEquals("c9", second.getConversationId());
        assertEquals(7, second.getTurnIndex());
        assertEquals(8, ((ConversationTurn) r.records.get(2)).getTurnIndex(), "turns keep counting after a given index");
        assertEquals(List.of("default", "chat", "default"), r.memories);
    }

    @Test
    void unusableLinesAreReportedWithTheirNumberAndDoNotStopTheRest() throws IOException {
        Read r = read(FeedKind.NEWS, null, """
                {"title":"no body"}
                {not json
                {"body":"fine"}
                {"body":["a","list"]}
                {"body":"bad date","publishedAt":"yesterday"}
                """);
        assertEquals(1, r.records.size());
        assertEquals(4, r.bad.size(), r.bad::toString);
        assertTrue(r.bad.get(0).startsWith("1: a news item needs a non-empty \"body\""), r.bad::toString);
        assertTrue(r.bad.get(1).startsWith("2: not a JSON object"), r.bad::toString);
        assertTrue(r.bad.get(2).startsWith("4: \"body\" must be a string"), r.bad::toString);
        assertTrue(r.bad.get(3).startsWith("5: \"publishedAt\" must be epoch milliseconds or ISO-8601"), r.bad::toString);
    }

    /** The quick-start feed in samples/ (made by the corpus tool) must read without a bad line. */
    @Test
    void theShippedSampleFeedReadsCleanly() throws IOException {
        Path sample = Path.of("../samples/news.jsonl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sample), "no samples/news.jsonl in this checkout");
        assertFeedIsClean(sample);
    }

    @Test
    void theTestFeedReadsCleanly() throws IOException {
        assertEquals(12, assertFeedIsClean(Path.of("src/test/resources/feeds/fictional-news.jsonl")));
    }

    private static int assertFeedIsClean(Path feed) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(feed)) {
            List<SpecificRecord> records = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            new FeedReader(FeedKind.NEWS, null, feed.getFileName().toString()).read(in, new FeedReader.Sink() {
                @Override
                public void record(String memoryId, SpecificRecord record) {
                    records.add(record);
                }

                @Override
                public void badLine(int lineNumber, String reason) {
                    bad.add(lineNumber + ": " + reason);
                }
            });
            assertEquals(List.of(), bad);
            assertTrue(records.size() > 0);
            assertEquals(records.size(), records.stream().map(x -> ((NewsArticle) x).getId()).distinct().count());
            return records.size();
        }
    }
}
