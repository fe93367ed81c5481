package engram.topology.testing;

import engram.schemas.ConversationTurn;
import engram.schemas.NewsArticle;
import engram.schemas.Query;
import engram.schemas.serde.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Feed and query records for tests, and their encoded bytes. */
public final class Records {

    public static final AvroCodec<NewsArticle> NEWS = new AvroCodec<>(NewsArticle.class);
    public static final AvroCodec<ConversationTurn> TURNS = new AvroCodec<>(ConversationTurn.class);
    public static final AvroCodec<Query> QUERIES = new AvroCodec<>(Query.class);

    private Records() {}

    public static NewsArticle news(String id, String memoryId, String title, String body) {
        return NewsArticle.newBuilder().setId(id).setMemoryId(memoryId).setSource("test-wire").setTitle(title)
                .setBody(body).setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    public static ConversationTurn turn(String conversationId, String memoryId, int index, String speaker,
                                        String text) {
        return ConversationTurn.newBuilder().setConversationId(conversationId).setMemoryId(memoryId)
                .setTurnIndex(index).setSpeaker(speaker).setText(text)
                .setTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    public static Query query(String requestId, String memoryId, String question) {
        return Query.newBuilder().setRequestId(requestId).setMemoryId(memoryId).setQuestion(question)
                .setMaxNewTokens(64).setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    public static byte[] bytes(NewsArticle article) {
        return NEWS.encode(article);
    }

    public static byte[] bytes(ConversationTurn turn) {
        return TURNS.encode(turn);
    }

    public static byte[] bytes(Query query) {
        return QUERIES.encode(query);
    }

    public static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of an Avro {@code bytes} field, or null for null. */
    public static byte[] toArray(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /**
     * Replaces the UTF-8 bytes of {@code marker} (which must occur once in the encoded record) by bytes that are
     * not UTF-8, keeping the length so the Avro body stays well-formed.
     */
    public static byte[] withInvalidUtf8(byte[] encoded, String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(encoded, needle);
        if (at < 0 || indexOf(java.util.Arrays.copyOfRange(encoded, at + 1, encoded.length), needle) >= 0) {
            throw new IllegalArgumentException("marker must occur exactly once");
        }
        byte[] out = encoded.clone();
        out[at] = (byte) 0xC3; // a lead byte followed by a non-continuation byte: malformed
        out[at + 1] = (byte) 0x28;
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
