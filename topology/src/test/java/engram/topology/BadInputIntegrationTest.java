package engram.topology;

import static engram.topology.EngramPipelineIntegrationTest.UPDATES;
import static engram.topology.EngramPipelineIntegrationTest.assertConsecutivePerMemory;
import static engram.topology.EngramPipelineIntegrationTest.decode;
import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.query;
import static engram.topology.testing.Records.turn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.ConversationTurn;
import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.Query;
import engram.schemas.serde.AvroCodec;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.Records;
import engram.topology.testing.RunningStreams;
import engram.topology.testing.TestEngines;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Malformed records of many kinds interleaved with valid ones on a real broker: every bad one ends in the
 * dead-letter topic (with its kind and exact coordinates) or as a REJECTED answer with a reason; every valid one is
 * applied exactly once, and a re-delivered update is not applied again.
 */
class BadInputIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = new AvroCodec<>(DeadLetter.class);
    private static final AvroCodec<Answer> ANSWERS = new AvroCodec<>(Answer.class);
    private static final int MAX_RECORD_BYTES = 16 * 1024;

    private final List<Expected> expectedDeadLetters = new ArrayList<>();
    private final Map<String, String> expectedRejections = new LinkedHashMap<>();
    private final Set<String> validSources = new HashSet<>();
    private final Set<String> validQueries = new HashSet<>();

    /** A bad record we sent, where it landed, and the dead-letter kind it must get. */
    private record Expected(String what, String topic, int partition, long offset, byte[] key, byte[] value,
                            String kind) {}

    @Test
    void everyBadRecordIsDeadLetteredOrRejectedAndEveryValidOneAppliedExactlyOnce() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        Instant testStarted = Instant.now();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-bad").withPartitions(2)
                .withMaxRecordBytes(MAX_RECORD_BYTES);
        RecordingMemoryEngine engine = TestEngines.recording();
        broker.ensureTopics(config);
        Topics t = config.topics();
        try (RunningStreams streams = new RunningStreams(config, engine, broker.bootstrapServers());
             KafkaTestBroker.TopicReader updates = broker.reader(t.updates());
             KafkaTestBroker.TopicReader versions = broker.reader(t.versions());
             KafkaTestBroker.TopicReader answers = broker.reader(t.answers());
             KafkaTestBroker.TopicReader deadLetters = broker.reader(t.deadLetters())) {

            // phase 1: feeds, bad and good interleaved
            valid(broker, t.news(), news("n1", "alpha", "Harbour", "The harbour of Velmora opened on Monday."));
            bad(broker, "garbage bytes", t.news(), new byte[] {0x13, 0x37, 0x00, (byte) 0xFF, 0x42}, "UNDECODABLE");
            bad(broker, "empty value", t.news(), new byte[0], "UNDECODABLE");
            bad(broker, "tombstone", t.conversations(), null, "UNDECODABLE");
            valid(broker, t.conversations(), turn("c1", "beta", 0, "Ana", "I moved to Lisbon last spring."));
            bad(broker, "wrong schema (a query on the news topic)", t.news(),
                    bytes(query("r", "alpha", "Who?")), "UNDECODABLE");
            byte[] article = bytes(news("n-trunc", "alpha", "T", "A body that will be cut short."));
            bad(broker, "truncated body", t.news(), Arrays.copyOf(article, article.length - 8), "UNDECODABLE");
            bad(broker, "oversized record", t.news(),
                    bytes(news("n-big", "alpha", "Big", "word ".repeat(MAX_RECORD_BYTES / 4))), "TOO_LARGE");
            valid(broker, t.news(), news("n2", "beta", "Bakery", "The bakery on Rua Augusta sells rye bread."));
            bad(broker, "invalid UTF-8", t.news(), Records.withInvalidUtf8(
                    bytes(news("n-utf", "alpha", "T", "caf\u00e9 QQ broken")), "QQ"), "INVALID_UTF8");
            bad(broker, "blank text", t.news(), bytes(news("n-blank", "alpha", " ", "\n\t ")), "EMPTY_TEXT");
            bad(broker, "bad memory id", t.news(), bytes(news("n-id", "has spaces!", "T", "Body.")),
                    "BAD_MEMORY_ID");
            bad(broker, "blank article id", t.news(), bytes(news(" ", "alpha", "T", "Body.")), "MISSING_FIELD");
            bad(broker, "blank speaker", t.conversations(), bytes(turn("c2", "beta", 1, " ", "Hello there.")),
                    "MISSING_FIELD");
            bad(broker, "negative turn index", t.conversations(), bytes(turn("c2", "beta", -4, "Ana", "Hello.")),
                    "INVALID_FIELD");
            StringBuilder longText = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                longText.append("Fact ").append(i).append(": the tram line ").append(i)
                        .append(" of Velmora runs every twelve minutes. ");
            }
            valid(broker, t.news(), news("n3", "alpha", "Trams", longText.toString()));

            // the updates topic itself: foreign and inapplicable records
            List<MemoryUpdate> firstUpdates = decode(updates.until(records -> records.size() >= 1, WAIT,
                    "a first update"), UPDATES);
            MemoryUpdate sample = firstUpdates.get(0);
            bad(broker, "garbage on the updates topic", t.updates(), key(sample.getMemoryId()),
                    "{\"not\": \"avro\"}".getBytes(), "UNDECODABLE");
            bad(broker, "update from another tokenizer", t.updates(), key(sample.getMemoryId()),
                    UPDATES.encode(MemoryUpdate.newBuilder(sample).setTokenizerId("sha256:ffffffffffffffff")
                            .setUpdateId("other:0:0:0/1").build()), "TOKENIZER_MISMATCH");
            bad(broker, "update with token ids outside the vocabulary", t.updates(), key(sample.getMemoryId()),
                    UPDATES.encode(MemoryUpdate.newBuilder(sample).setTokenIds(List.of(5, -1, 7)).build()),
                    "INVALID_UPDATE");

            List<MemoryUpdate> written = updates.until(records -> chunksComplete(records, validSources), WAIT,
                            "every chunk of the valid feeds").stream()
                    .filter(record -> !sentAsBad(t.updates(), record))
                    .map(record -> UPDATES.decode(record.value())).toList();
            // a re-delivered update (same coordinates, same id): must not be applied again
            MemoryUpdate redelivered = written.get(0);
            broker.send(t.updates(), key(redelivered.getMemoryId()), UPDATES.encode(redelivered));

            List<MemoryVersion> announced = decode(versions.until(records -> records.size() >= written.size(), WAIT,
                    written.size() + " versions"), VERSIONS);

            // phase 2: queries, bad and good interleaved (the memories exist now)
            validQuery(broker, t.queries(), query("ok-1", "alpha", "When did the harbour of Velmora open?"));
            bad(broker, "garbage query", t.queries(), key("alpha"), new byte[] {(byte) 0xC3, 0x01, 1, 2}, "UNDECODABLE");
            bad(broker, "query without request id", t.queries(), key("alpha"), bytes(query("", "alpha", "Who?")),
                    "MISSING_REQUEST_ID");
            rejected(broker, t.queries(), "nobody", query("r-unknown", "nobody", "Who?"), "UNKNOWN_MEMORY");
            Query absurd = query("r-absurd", "alpha", "When?");
            absurd.setMaxNewTokens(Integer.MAX_VALUE);
            rejected(broker, t.queries(), "alpha", absurd, "TOKEN_LIMIT");
            Query negative = query("r-negative", "alpha", "When?");
            negative.setMaxNewTokens(-5);
            rejected(broker, t.queries(), "alpha", negative, "TOKEN_LIMIT");
            Query late = query("r-late", "alpha", "When?");
            late.setDeadline(Instant.now().minusSeconds(5));
            rejected(broker, t.queries(), "alpha", late, "DEADLINE_PASSED");
            rejected(broker, t.queries(), "alpha", query("r-empty", "alpha", "  "), "EMPTY_QUESTION");
            rejected(broker, t.queries(), "beta", query("r-key", "alpha", "When?"), "WRONG_KEY");
            Query future = query("r-future", "beta", "Where?");
            future.setAsOfVersion(1_000L);
            rejected(broker, t.queries(), "beta", future, "VERSION_UNAVAILABLE");
            rejected(broker, t.queries(), "al pha", query("r-badid", "al pha", "Who?"), "BAD_MEMORY_ID");
            validQuery(broker, t.queries(), query("ok-2", "beta", "Where has Ana moved?"));

            // every bad record is in the dead-letter topic with its kind and coordinates, and every path (feeds,
            // updates, queries) writes the same fields: the original key and value, a message, and the time it
            // failed, which is also the dead letter's record timestamp
            List<ConsumerRecord<byte[], byte[]>> letterRecords = deadLetters.until(
                    records -> records.size() >= expectedDeadLetters.size(), WAIT,
                    expectedDeadLetters.size() + " dead letters");
            Instant checked = Instant.now();
            assertTrue(expectedDeadLetters.size() >= 15, "at least 15 kinds of dead-lettered input");
            for (Expected expected : expectedDeadLetters) {
                ConsumerRecord<byte[], byte[]> record = letterRecords.stream().filter(r -> {
                    DeadLetter l = DEAD_LETTERS.decode(r.value());
                    return l.getSource().getTopic().equals(expected.topic())
                            && l.getSource().getPartition() == expected.partition()
                            && l.getSource().getOffset() == expected.offset();
                }).findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + expected));
                DeadLetter letter = DEAD_LETTERS.decode(record.value());
                String what = expected.what() + ": " + letter.getErrorMessage();
                assertEquals(expected.kind(), letter.getErrorKind(), what);
                assertFalse(letter.getErrorMessage().isBlank(), what);
                assertArrayEquals(expected.key(), record.key(), what);
                assertArrayEquals(expected.key(), Records.toArray(letter.getKey()), what);
                byte[] value = expected.value();
                if (value != null && value.length > MAX_RECORD_BYTES) {
                    value = Arrays.copyOf(value, MAX_RECORD_BYTES);
                    assertTrue(letter.getErrorMessage().endsWith("(value cut to its first " + MAX_RECORD_BYTES
                            + " of " + expected.value().length + " bytes)"), what);
                }
                assertArrayEquals(value, Records.toArray(letter.getValue()), what);
                assertFalse(letter.getFailedAt().isBefore(testStarted.truncatedTo(ChronoUnit.MILLIS)), what);
                assertFalse(letter.getFailedAt().isAfter(checked), what);
                assertEquals(letter.getFailedAt().toEpochMilli(), record.timestamp(), what);
            }
            assertEquals(expectedDeadLetters.size(), letterRecords.size(), "no valid record may be dead-lettered");

            // every query got exactly one answer: REJECTED with the expected reason, or OK
            int answerCount = expectedRejections.size() + validQueries.size();
            List<Answer> replies = decode(answers.until(records -> records.size() >= answerCount, WAIT,
                    answerCount + " answers"), ANSWERS);
            Map<String, Answer> byRequest = new LinkedHashMap<>();
            replies.forEach(a -> assertNull(byRequest.put(a.getRequestId(), a), "two answers for " + a));
            expectedRejections.forEach((request, reason) -> {
                Answer a = byRequest.get(request);
                assertEquals(AnswerStatus.REJECTED, a.getStatus(), request);
                assertTrue(a.getReason().startsWith(reason + ":"), request + ": " + a.getReason());
            });
            assertEquals(AnswerStatus.OK, byRequest.get("ok-1").getStatus());
            assertTrue(byRequest.get("ok-1").getAnswer().contains("Monday"), byRequest.get("ok-1").getAnswer());
            assertTrue(byRequest.get("ok-2").getAnswer().contains("Lisbon"), byRequest.get("ok-2").getAnswer());

            // every valid chunk applied exactly once, versions consecutive, the re-delivered one not again
            List<MemoryVersion> finalVersions = decode(versions.drain(Duration.ofSeconds(1)), VERSIONS);
            assertEquals(announced.size(), finalVersions.size(), "the re-delivered update made a version");
            assertEquals(written.size(), finalVersions.size());
            assertConsecutivePerMemory(finalVersions);
            List<String> appliedIds = new ArrayList<>();
            for (String memory : engine.memoryIds()) {
                engine.applied(memory).forEach(a -> appliedIds.add(a.updateId()));
            }
            assertEquals(written.size(), appliedIds.size());
            assertEquals(new HashSet<>(written.stream().map(MemoryUpdate::getUpdateId).toList()),
                    new HashSet<>(appliedIds));
            assertNull(streams.failure());
        }
    }

    private static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);

    private void valid(KafkaTestBroker broker, String topic, NewsArticle article) {
        broker.send(topic, key(article.getId()), bytes(article));
        validSources.add(article.getId());
    }

    private void valid(KafkaTestBroker broker, String topic, ConversationTurn turn) {
        broker.send(topic, key(turn.getConversationId()), bytes(turn));
        validSources.add(turn.getConversationId() + "#" + turn.getTurnIndex());
    }

    private void validQuery(KafkaTestBroker broker, String topic, Query query) {
        broker.send(topic, key(query.getMemoryId()), bytes(query));
        validQueries.add(query.getRequestId());
    }

    private void bad(KafkaTestBroker broker, String what, String topic, byte[] value, String kind) {
        bad(broker, what, topic, key("k-" + expectedDeadLetters.size()), value, kind);
    }

    private void bad(KafkaTestBroker broker, String what, String topic, byte[] key, byte[] value, String kind) {
        RecordMetadata at = broker.send(topic, key, value);
        expectedDeadLetters.add(new Expected(what, topic, at.partition(), at.offset(), key, value, kind));
    }

    private void rejected(KafkaTestBroker broker, String topic, String key, Query query, String reason) {
        broker.send(topic, key(key), bytes(query));
        expectedRejections.put(query.getRequestId(), reason);
    }

    private boolean sentAsBad(String topic, ConsumerRecord<byte[], byte[]> record) {
        return expectedDeadLetters.stream().anyMatch(e -> e.topic().equals(topic)
                && e.partition() == record.partition() && e.offset() == record.offset());
    }

    /** Every valid source has all its chunks on the updates topic. */
    private boolean chunksComplete(List<ConsumerRecord<byte[], byte[]>> records, Set<String> sources) {
        Map<String, Set<Integer>> seen = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (sentAsBad(record.topic(), record)) {
                continue; // the bad records this test wrote to the updates topic
            }
            MemoryUpdate update = UPDATES.decode(record.value());
            if (sources.contains(update.getSourceId())) {
                seen.computeIfAbsent(update.getSourceId(), s -> new HashSet<>()).add(update.getChunkIndex());
                counts.put(update.getSourceId(), update.getChunkCount());
            }
        }
        if (!seen.keySet().equals(sources)) {
            return false;
        }
        return seen.entrySet().stream().allMatch(e -> e.getValue().size() == counts.get(e.getKey()));
    }
}
