package engram.topology.ingest;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.turn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.SourceKind;
import engram.topology.testing.TopologyHarness;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestFlowTest {

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = TopologyHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void newsBecomesOneUpdateKeyedByMemoryIdWithDeterministicId() {
        harness.news.pipeInput(key("a1"), bytes(news("a1", "tenant-1", "Harbour opens", "The harbour of Velmora"
                + " opened on Monday.")));
        List<KeyValue<String, MemoryUpdate>> out = harness.updates.readKeyValuesToList();
        assertEquals(1, out.size());
        MemoryUpdate update = out.get(0).value;
        assertEquals("tenant-1", out.get(0).key);
        assertEquals("engram.news:0:0:0/1", update.getUpdateId());
        assertEquals("Harbour opens\n\nThe harbour of Velmora opened on Monday.", update.getText());
        assertEquals(SourceKind.NEWS, update.getSourceKind());
        assertEquals("a1", update.getSourceId());
        assertEquals(0L, update.getSource().getOffset());
        assertEquals(harness.engine.tokenizerId(), update.getTokenizerId());
        assertArrayEquals(harness.engine.encode(update.getText()).ids(),
                update.getTokenIds().stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void conversationTurnsCarryTheirSpeaker() {
        harness.conversations.pipeInput(key("c1"), bytes(turn("c1", "chat-7", 3, "Mira", "I moved to Oslo.")));
        MemoryUpdate update = harness.updates.readValue();
        assertEquals("Mira: I moved to Oslo.", update.getText());
        assertEquals("c1#3", update.getSourceId());
        assertEquals(SourceKind.CONVERSATION, update.getSourceKind());
        assertEquals("engram.conversations:0:0:0/1", update.getUpdateId());
    }

    @Test
    void longArticleIsChunkedWithinTheLimitAndLosesNoText() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append("Paragraph ").append(i).append(" reports that the council of Arvik approved budget line ")
                    .append(i * 7).append(". It takes effect next spring.\n\n");
        }
        String title = "Council budget";
        harness.news.pipeInput(key("a2"), bytes(news("a2", "default", title, body.toString())));
        List<MemoryUpdate> chunks = harness.updates.readValuesToList();
        assertTrue(chunks.size() > 3, "expected several chunks, got " + chunks.size());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            MemoryUpdate chunk = chunks.get(i);
            assertEquals(i, chunk.getChunkIndex());
            assertEquals(chunks.size(), chunk.getChunkCount());
            assertEquals("engram.news:0:0:" + i + "/" + chunks.size(), chunk.getUpdateId());
            assertTrue(chunk.getTokenIds().size() <= 512);
            joined.append(chunk.getText());
        }
        assertEquals(title + "\n\n" + body, joined.toString());
    }

    @Test
    void badRecordsAreDeadLetteredWithReasonAndCoordinatesAndProcessingContinues() {
        harness.news.pipeInput(key("x"), new byte[] {1, 2, 3, 4, 5});
        harness.news.pipeInput(key("y"), bytes(news("a3", "bad id!", "t", "Some body text.")));
        harness.news.pipeInput(key("z"), bytes(news("a4", "default", "  ", " \n\t ")));
        harness.news.pipeInput(key("ok"), bytes(news("a5", "default", "Fine", "A valid article.")));
        List<KeyValue<byte[], DeadLetter>> letters = harness.deadLetters.readKeyValuesToList();
        assertEquals(List.of("UNDECODABLE", "BAD_MEMORY_ID", "EMPTY_TEXT"),
                letters.stream().map(kv -> kv.value.getErrorKind()).toList());
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter letter = letters.get(i).value;
            assertEquals("engram.news", letter.getSource().getTopic());
            assertEquals(0, letter.getSource().getPartition());
            assertEquals(i, letter.getSource().getOffset());
            assertTrue(!letter.getErrorMessage().isBlank());
        }
        assertTrue(letters.get(0).value.getErrorMessage().startsWith("BAD_HEADER"),
                letters.get(0).value.getErrorMessage());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, toArray(letters.get(0).value.getValue()));
        assertArrayEquals(key("x"), letters.get(0).key);
        List<MemoryUpdate> updates = harness.updates.readValuesToList();
        assertEquals(1, updates.size());
        assertEquals("engram.news:0:3:0/1", updates.get(0).getUpdateId());
    }

    @Test
    void textTheTokenizerCannotHandleIsDeadLetteredAsUnchunkable() {
        // unreachable with a byte-level tokenizer and the 8-token minimum limit (a character is at most 4 tokens),
        // so the tokenizer is made to fail at the engine port: the record must still be dead-lettered, not lost
        harness.engine.failEncodingOf("\u2603");
        harness.news.pipeInput(key("u"), bytes(news("a6", "default", "", "snow \u2603 man")));
        harness.news.pipeInput(key("ok"), bytes(news("a7", "default", "", "A valid article.")));
        List<KeyValue<byte[], DeadLetter>> letters = harness.deadLetters.readKeyValuesToList();
        assertEquals(1, letters.size());
        DeadLetter letter = letters.get(0).value;
        assertEquals("UNCHUNKABLE", letter.getErrorKind());
        assertEquals(0L, letter.getSource().getOffset());
        assertTrue(letter.getErrorMessage().contains("refused the text"), letter.getErrorMessage());
        assertEquals(List.of("engram.news:0:1:0/1"),
                harness.updates.readValuesToList().stream().map(MemoryUpdate::getUpdateId).toList());
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
