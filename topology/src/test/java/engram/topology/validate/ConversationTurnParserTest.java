package engram.topology.validate;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import engram.schemas.SourceKind;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.testing.Records;
import org.junit.jupiter.api.Test;

class ConversationTurnParserTest {

    private final ConversationTurnParser parser = new ConversationTurnParser(4096);

    private ErrorKind rejection(byte[] value) {
        return assertThrows(InvalidRecordException.class, () -> parser.parse(value)).kind();
    }

    @Test
    void turnIsMemorisedWithItsSpeaker() {
        assertEquals(new FeedItem("chat-1", SourceKind.CONVERSATION, "c9#4", "Ana: See you in Lisbon."),
                parser.parse(bytes(turn("c9", "chat-1", 4, "Ana", "See you in Lisbon."))));
    }

    @Test
    void fieldRules() {
        assertEquals(ErrorKind.MISSING_FIELD, rejection(bytes(turn("", "chat-1", 0, "Ana", "Hi there."))));
        assertEquals(ErrorKind.MISSING_FIELD, rejection(bytes(turn("c1", "chat-1", 0, " ", "Hi there."))));
        assertEquals(ErrorKind.INVALID_FIELD, rejection(bytes(turn("c1", "chat-1", -1, "Ana", "Hi there."))));
        assertEquals(ErrorKind.INVALID_FIELD, rejection(bytes(turn("c1", "chat-1", 0, "A\nB", "Hi there."))));
        assertEquals(ErrorKind.EMPTY_TEXT, rejection(bytes(turn("c1", "chat-1", 0, "Ana", "\t"))));
        assertEquals(ErrorKind.BAD_MEMORY_ID, rejection(bytes(turn("c1", "chat 1", 0, "Ana", "Hi there."))));
        assertEquals(ErrorKind.INVALID_UTF8, rejection(Records.withInvalidUtf8(
                bytes(turn("c1", "chat-1", 0, "ZZSpeaker", "Hi there.")), "ZZ")));
        assertEquals(ErrorKind.UNDECODABLE,
                rejection(Records.bytes(Records.news("a", "default", "T", "B"))));
    }
}
