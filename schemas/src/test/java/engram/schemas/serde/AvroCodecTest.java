package engram.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import engram.schemas.NewsArticle;
import engram.schemas.Query;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        byte[] bytes = serde.serializer().serialize("t", record);
        // single-object header: marker C3 01, then the 8-byte fingerprint of the writer schema
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        T back = serde.deserializer().deserialize("t", bytes);
        assertEquals(record, back);
        assertArrayEquals(bytes, serde.serializer().serialize("t", back), "re-encoding is byte-stable");
    }

    @Test
    void everyRecordTypeRoundTrips() {
        assertRoundTrip(NewsArticle.class, SampleRecords.article(true));
        assertRoundTrip(NewsArticle.class, SampleRecords.article(false));
        assertRoundTrip(engram.schemas.ConversationTurn.class, SampleRecords.turn());
        assertRoundTrip(engram.schemas.MemoryUpdate.class, SampleRecords.update());
        assertRoundTrip(engram.schemas.MemoryVersion.class, SampleRecords.version());
        assertRoundTrip(Query.class, SampleRecords.query(true));
        assertRoundTrip(Query.class, SampleRecords.query(false));
        assertRoundTrip(engram.schemas.Answer.class, SampleRecords.answer(true));
        assertRoundTrip(engram.schemas.Answer.class, SampleRecords.answer(false));
        assertRoundTrip(engram.schemas.DeadLetter.class, SampleRecords.deadLetter(true));
        assertRoundTrip(engram.schemas.DeadLetter.class, SampleRecords.deadLetter(false));
    }

    @Test
    void defaultsApplyWhenFieldsAreNotSet() {
        NewsArticle minimal = NewsArticle.newBuilder().setId("x").setSource("s").setTitle("t").setBody("b")
                .setPublishedAt(SampleRecords.T).build();
        assertEquals("default", minimal.getMemoryId());
        assertEquals(32, Query.newBuilder().setRequestId("q").setQuestion("?").setCreatedAt(SampleRecords.T).build()
                .getMaxNewTokens());
    }

    @Test
    void emptyBytesAreATypedError() {
        AvroCodec<NewsArticle> codec = new AvroCodec<>(NewsArticle.class);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> codec.decode(new byte[0]));
        assertEquals(UndecodableRecordException.Kind.EMPTY, e.kind());
        assertEquals(UndecodableRecordException.Kind.EMPTY,
                assertThrows(UndecodableRecordException.class, () -> codec.decode(null)).kind());
    }

    @Test
    void garbageBytesAreABadHeader() {
        AvroCodec<NewsArticle> codec = new AvroCodec<>(NewsArticle.class);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            garbage[0] = 0x7b; // never the C3 marker
            UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> codec.decode(garbage));
            assertEquals(UndecodableRecordException.Kind.BAD_HEADER, e.kind());
        }
        byte[] json = "{\"id\":\"a-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(UndecodableRecordException.Kind.BAD_HEADER,
                assertThrows(UndecodableRecordException.class, () -> codec.decode(json)).kind());
    }

    @Test
    void anotherRecordTypeIsAnUnknownSchema() {
        byte[] query = new AvroCodec<>(Query.class).encode(SampleRecords.query(true));
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> new AvroCodec<>(NewsArticle.class).decode(query));
        assertEquals(UndecodableRecordException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void truncatedOrCorruptBodyIsCorrupt() {
        AvroCodec<NewsArticle> codec = new AvroCodec<>(NewsArticle.class);
        byte[] good = codec.encode(SampleRecords.article(true));
        for (int cut = 11; cut < good.length - 1; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> codec.decode(truncated),
                    "truncated at " + cut);
            assertEquals(UndecodableRecordException.Kind.CORRUPT_BODY, e.kind());
        }
        byte[] hugeLength = Arrays.copyOf(good, good.length);
        hugeLength[10] = (byte) 0xff; // first string length varint becomes absurd
        hugeLength[11] = (byte) 0xff;
        hugeLength[12] = (byte) 0xff;
        hugeLength[13] = (byte) 0x7f;
        assertEquals(UndecodableRecordException.Kind.CORRUPT_BODY,
                assertThrows(UndecodableRecordException.class, () -> codec.decode(hugeLength)).kind());
    }

    @Test
    void theKafkaDeserializerThrowsASerializationException() {
        AvroSerde<NewsArticle> serde = EngramSerdes.newsArticle();
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("engram.news", new byte[] {1, 2, 3}));
        assertNotEquals(null, e.getMessage());
    }
}
