package engram.topology.deadletter;

import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.toArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.DeadLetter;
import engram.topology.TopologyConfig;
import engram.topology.testing.TestEngines;
import engram.topology.testing.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every dead-letter path of the topology (news and conversations in the ingest flow, updates and queries in the
 * apply flow) writes the same fields the same way: the record's own key as the dead letter's key, the original
 * key and value, the source coordinates, the kind and message, and the wall-clock time it failed as both
 * {@code failedAt} and the record timestamp, whatever the input's timestamp was.
 */
class DeadLetterPathsTest {

    private static final int MAX_RECORD_BYTES = 64;
    /** An input timestamp far from the wall clock: the dead letter must not take it over. */
    private static final Instant WRITTEN = TopologyHarness.START.minus(Duration.ofDays(30));

    /** One way into the topology, and the dead-letter kind an oversized value gets there. */
    enum Path {
        NEWS(h -> h.news, h -> h.config.topics().news(), "TOO_LARGE"),
        CONVERSATIONS(h -> h.conversations, h -> h.config.topics().conversations(), "TOO_LARGE"),
        // the update check has no size limit of its own: an oversized foreign record is undecodable, and cut alike
        UPDATES(h -> h.updatesIn, h -> h.config.topics().updates(), "UNDECODABLE"),
        QUERIES(h -> h.queries, h -> h.config.topics().queries(), "TOO_LARGE");

        final Function<TopologyHarness, TestInputTopic<byte[], byte[]>> input;
        final Function<TopologyHarness, String> topic;
        final String oversizedKind;

        Path(Function<TopologyHarness, TestInputTopic<byte[], byte[]>> input,
             Function<TopologyHarness, String> topic, String oversizedKind) {
            this.input = input;
            this.topic = topic;
            this.oversizedKind = oversizedKind;
        }
    }

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologyConfig.defaults().withMaxRecordBytes(MAX_RECORD_BYTES),
                TestEngines.recording());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void undecodableBytesAreDeadLetteredWithTheSameFieldsOnEveryPath(Path path) {
        TestInputTopic<byte[], byte[]> input = path.input.apply(harness);
        input.pipeInput(key("first"), new byte[] {0x13, 0x37}, WRITTEN); // offset 0
        harness.driver.advanceWallClockTime(Duration.ofSeconds(7));
        Instant failed = TopologyHarness.START.plusSeconds(7);
        byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3};
        input.pipeInput(key("second"), garbage, WRITTEN); // offset 1

        List<TestRecord<byte[], DeadLetter>> letters = harness.deadLetters.readRecordsToList();
        assertEquals(2, letters.size(), path.name());
        TestRecord<byte[], DeadLetter> record = letters.get(1);
        DeadLetter letter = record.value();
        assertArrayEquals(key("second"), record.key(), "keyed by the original key");
        assertArrayEquals(key("second"), toArray(letter.getKey()));
        assertArrayEquals(garbage, toArray(letter.getValue()));
        assertEquals(path.topic.apply(harness), letter.getSource().getTopic());
        assertEquals(0, letter.getSource().getPartition());
        assertEquals(1L, letter.getSource().getOffset());
        assertEquals("UNDECODABLE", letter.getErrorKind());
        assertFalse(letter.getErrorMessage().isBlank());
        assertEquals(failed, letter.getFailedAt(), "failedAt is the wall clock when it failed");
        assertEquals(failed, record.getRecordTime(), "the record timestamp is failedAt, not the input's");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOversizedValueIsCutToTheLimitOnEveryPathAndTheMessageSaysSo(Path path) {
        byte[] big = new byte[MAX_RECORD_BYTES + 36];
        Arrays.fill(big, (byte) 'x');
        path.input.apply(harness).pipeInput(key("big"), big, WRITTEN);

        DeadLetter letter = harness.deadLetters.readValue();
        assertEquals(path.oversizedKind, letter.getErrorKind(), letter.getErrorMessage());
        assertArrayEquals(Arrays.copyOf(big, MAX_RECORD_BYTES), toArray(letter.getValue()));
        assertTrue(letter.getErrorMessage().endsWith("(value cut to its first 64 of 100 bytes)"),
                letter.getErrorMessage());
        assertTrue(harness.deadLetters.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aTombstoneIsDeadLetteredWithoutAValue(Path path) {
        path.input.apply(harness).pipeInput(key("gone"), null, WRITTEN);

        TestRecord<byte[], DeadLetter> record = harness.deadLetters.readRecord();
        assertArrayEquals(key("gone"), record.key());
        assertNull(record.value().getValue());
        assertEquals("UNDECODABLE", record.value().getErrorKind());
        assertEquals(TopologyHarness.START, record.getRecordTime());
    }
}
