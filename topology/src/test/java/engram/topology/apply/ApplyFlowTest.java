package engram.topology.apply;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.Query;
import engram.schemas.serde.AvroCodec;
import engram.topology.engine.PoolOutOfSyncException;
import engram.topology.engine.UpdateInput;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.TopologyHarness;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyFlowTest {

    private static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = TopologyHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void publish(String id, String memoryId, String body) {
        harness.news.pipeInput(key(id), bytes(news(id, memoryId, "", body)));
        harness.applyQueued();
    }

    private void redeliver(String memoryId, MemoryUpdate update) {
        harness.updatesIn.pipeInput(key(memoryId), UPDATES.encode(update));
        harness.applyQueued();
    }

    private Answer ask(String requestId, String memoryId, String question) {
        return ask(query(requestId, memoryId, question), memoryId);
    }

    private Answer ask(Query query, String key) {
        harness.queries.pipeInput(key == null ? null : key(key), bytes(query));
        List<Answer> answers = harness.answers.readValuesToList();
        assertEquals(1, answers.size(), "every query gets exactly one answer");
        assertEquals(query.getRequestId(), answers.get(0).getRequestId());
        return answers.get(0);
    }

    @Test
    void updatesAreAppliedInOrderWithConsecutiveVersionsPerMemory() {
        publish("a1", "m", "The harbour of Velmora opened on Monday.");
        publish("a2", "other", "Unrelated news about a bakery.");
        publish("a3", "m", "x".repeat(1500) + ". The mayor resigned.");
        publish("a4", "m", "A third item for memory m arrived.");
        List<MemoryUpdate> updates = harness.updates.readValuesToList();
        List<KeyValue<String, MemoryVersion>> versions = harness.versions.readKeyValuesToList();
        assertEquals(updates.size(), versions.size(), "one version per applied update");
        List<MemoryUpdate> forM = updates.stream().filter(u -> u.getMemoryId().equals("m")).toList();
        List<MemoryVersion> versionsOfM = versions.stream().filter(kv -> kv.key.equals("m")).map(kv -> kv.value)
                .toList();
        assertTrue(forM.size() >= 5, "the long article should have been chunked");
        for (int i = 0; i < forM.size(); i++) {
            assertEquals(i + 1, versionsOfM.get(i).getVersion());
            assertEquals(forM.get(i).getUpdateId(), versionsOfM.get(i).getUpdateId());
            assertEquals(forM.get(i).getTokenIds().size(), versionsOfM.get(i).getTokenCount());
            assertEquals(forM.get(i).getSource(), versionsOfM.get(i).getSource());
            assertEquals(harness.config.topics().updates(), versionsOfM.get(i).getUpdateLog().getTopic());
            int[] applied = harness.engine.applied("m").get(i).tokenIds();
            assertArrayEquals(forM.get(i).getTokenIds().stream().mapToInt(Integer::intValue).toArray(), applied);
        }
        assertEquals(forM.size(), harness.engine.applied("m").size());
        assertEquals(1, harness.engine.applied("other").size());
    }

    @Test
    void redeliveredUpdatesAreRecognisedAndNotAppliedTwice() {
        publish("a1", "m", "First fact about Velmora.");
        publish("a2", "m", "y".repeat(1200) + ". Second fact.");
        List<KeyValue<String, MemoryUpdate>> updates = harness.updates.readKeyValuesToList();
        int applied = harness.engine.applied("m").size();
        assertEquals(updates.size(), applied);
        assertEquals(applied, harness.versions.readValuesToList().size());

        // the same update records delivered again (an at-least-once writer, a replayed ingest): all ignored
        for (KeyValue<String, MemoryUpdate> update : updates) {
            redeliver(update.key, update.value);
        }
        // and a single old chunk out of the middle
        redeliver("m", updates.get(1).value);
        assertTrue(harness.versions.isEmpty(), "a duplicate must not produce a version event");
        assertEquals(applied, harness.engine.applied("m").size(), "a duplicate must not be applied");

        publish("a3", "m", "A new fact after the duplicates.");
        MemoryVersion next = harness.versions.readValue();
        assertEquals(applied + 1, next.getVersion());
    }

    @Test
    void updatesWaitForTheNextApplyRoundAndQueriesSeeWhatIsAppliedSoFar() {
        harness.news.pipeInput(key("a1"), bytes(news("a1", "m", "", "The harbour of Velmora opened on Monday.")));
        assertTrue(harness.versions.isEmpty(), "queued, not applied yet");
        assertRejected(ask("early", "m", "When did the harbour open?"), "UNKNOWN_MEMORY");
        harness.applyQueued();
        assertEquals(1L, harness.versions.readValue().getVersion());
        assertEquals(1L, ask("later", "m", "When did the harbour open?").getMemoryVersion());
    }

    @Test
    void aFullQueueAppliesTheOldestUpdateOnArrival() {
        harness.close();
        harness = new TopologyHarness(engram.topology.TopologyConfig.defaults().withMaxPendingUpdates(2),
                engram.topology.testing.TestEngines.recording());
        for (int i = 0; i < 5; i++) {
            harness.news.pipeInput(key("a" + i), bytes(news("a" + i, "m", "", "Short item number " + i + ".")));
        }
        assertEquals(3, harness.engine.applied("m").size(), "at most 2 may wait in the queue");
        assertEquals(List.of(1L, 2L, 3L), harness.versions.readValuesToList().stream()
                .map(MemoryVersion::getVersion).toList());
        harness.applyQueued();
        assertEquals(5, harness.engine.applied("m").size());
        assertEquals(List.of(4L, 5L), harness.versions.readValuesToList().stream()
                .map(MemoryVersion::getVersion).toList());
    }

    @Test
    void queryIsAnsweredFromTheCurrentPoolNamingItsVersion() {
        publish("a1", "m", "The harbour of Velmora opened on Monday.");
        Answer first = ask("q1", "m", "When did the harbour of Velmora open?");
        assertEquals(AnswerStatus.OK, first.getStatus());
        assertTrue(first.getAnswer().contains("Monday"), first.getAnswer());
        assertEquals(1L, first.getMemoryVersion());
        assertTrue(first.getTokensGenerated() > 0);

        publish("a2", "m", "The lighthouse of Velmora is painted green.");
        Answer second = ask("q2", "m", "What colour is the lighthouse painted?");
        assertEquals(AnswerStatus.OK, second.getStatus());
        assertTrue(second.getAnswer().contains("green"), second.getAnswer());
        assertEquals(2L, second.getMemoryVersion());
    }

    @Test
    void queriesThatCannotBeAnsweredAreRejectedWithAReason() {
        harness.engine.withMaxPromptTokens(60);
        publish("a1", "m", "The harbour of Velmora opened on Monday.");
        harness.versions.readValuesToList();

        assertRejected(ask("unknown", "never-updated", "Anything?"), "UNKNOWN_MEMORY");
        Query tooMany = query("too-many", "m", "When?");
        tooMany.setMaxNewTokens(1_000_000);
        assertRejected(ask(tooMany, "m"), "TOKEN_LIMIT");
        Query none = query("none", "m", "When?");
        none.setMaxNewTokens(0);
        assertRejected(ask(none, "m"), "TOKEN_LIMIT");
        Query late = query("late", "m", "When?");
        late.setDeadline(TopologyHarness.START.minusSeconds(1));
        assertRejected(ask(late, "m"), "DEADLINE_PASSED");
        assertRejected(ask(query("wrong-key", "m", "When?"), "other"), "WRONG_KEY");
        assertRejected(ask(query("no-key", "m", "When?"), null), "WRONG_KEY");
        assertRejected(ask("blank", "m", "   "), "EMPTY_QUESTION");
        Answer tooLong = ask("too-long", "m", "Why? ".repeat(40));
        assertRejected(tooLong, "QUESTION_TOO_LONG");
        assertTrue(tooLong.getReason().contains("room for 60"), tooLong.getReason());
        assertRejected(ask(query("bad-id", "no spaces allowed", "When?"), "no spaces allowed"), "BAD_MEMORY_ID");
        Query asOf = query("as-of", "m", "When?");
        asOf.setAsOfVersion(7L);
        assertRejected(ask(asOf, "m"), "VERSION_UNAVAILABLE");

        Query inTime = query("in-time", "m", "When did the harbour open?");
        inTime.setDeadline(TopologyHarness.START.plusSeconds(60));
        assertEquals(AnswerStatus.OK, ask(inTime, "m").getStatus());
        harness.driver.advanceWallClockTime(Duration.ofSeconds(61));
        Query expired = query("expired", "m", "When did the harbour open?");
        expired.setDeadline(TopologyHarness.START.plusSeconds(60));
        assertRejected(ask(expired, "m"), "DEADLINE_PASSED");
        assertTrue(harness.deadLetters.isEmpty());
    }

    @Test
    void queriesWithoutARequestIdOrUndecodableGoToTheDeadLetterTopic() {
        harness.queries.pipeInput(key("m"), new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 1});
        harness.queries.pipeInput(key("m"), bytes(query(" ", "m", "Who?")));
        assertTrue(harness.answers.isEmpty());
        List<DeadLetter> letters = harness.deadLetters.readValuesToList();
        assertEquals(List.of("UNDECODABLE", "MISSING_REQUEST_ID"),
                letters.stream().map(DeadLetter::getErrorKind).toList());
        assertTrue(letters.get(0).getErrorMessage().startsWith("UNKNOWN_SCHEMA"), letters.get(0).getErrorMessage());
        assertEquals(harness.config.topics().queries(), letters.get(1).getSource().getTopic());
        assertEquals(1L, letters.get(1).getSource().getOffset());
    }

    @Test
    void updatesThatCannotBeAppliedAsWrittenAreDeadLettered() {
        publish("a1", "m", "The harbour of Velmora opened on Monday.");
        MemoryUpdate good = harness.updates.readValue();
        harness.versions.readValuesToList();

        harness.updatesIn.pipeInput(key("m"), "not avro".getBytes());
        MemoryUpdate otherTokenizer = MemoryUpdate.newBuilder(good).setTokenizerId("sha256:0000").build();
        redeliver("m", otherTokenizer);
        redeliver("elsewhere", MemoryUpdate.newBuilder(good).setUpdateId("x:0:99:0/1").build());
        redeliver("m", MemoryUpdate.newBuilder(good).setTokenIds(List.of(1, 2, 999_999)).build());
        redeliver("m", MemoryUpdate.newBuilder(good).setTokenIds(List.of()).build());
        List<DeadLetter> letters = harness.deadLetters.readValuesToList();
        assertEquals(List.of("UNDECODABLE", "TOKENIZER_MISMATCH", "INVALID_UPDATE", "INVALID_UPDATE",
                "INVALID_UPDATE"), letters.stream().map(DeadLetter::getErrorKind).toList());
        assertTrue(harness.versions.isEmpty());
        assertEquals(1, harness.engine.applied("m").size());
    }

    @Test
    void anEnginePoolAheadOfTheCommittedStateStopsTheTaskInsteadOfDiverging() {
        RecordingMemoryEngine engine = harness.engine;
        engine.selfUpdate("m", new UpdateInput("applied-outside-the-topology", "", new int[] {1, 2, 3}));
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> publish("a1", "m", "The harbour of Velmora opened on Monday."));
        Throwable cause = error;
        while (cause != null && !(cause instanceof PoolOutOfSyncException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(PoolOutOfSyncException.class, cause, () -> "got " + error);
        assertTrue(cause.getMessage().contains("version 0") && cause.getMessage().contains("version 1"),
                cause.getMessage());
    }

    private static void assertRejected(Answer answer, String reasonKind) {
        assertEquals(AnswerStatus.REJECTED, answer.getStatus(), () -> "expected a rejection, got " + answer);
        assertTrue(answer.getReason().startsWith(reasonKind + ":"), answer.getReason());
        assertNull(answer.getMemoryVersion());
        assertEquals("", answer.getAnswer());
    }
}
