package engram.topology;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.RunningStreams;
import engram.topology.testing.TestEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole topology on a real in-process KRaft broker, exactly once, two partitions, read_committed readers:
 * a fact goes in as news, a question comes back answered with the version that includes it.
 */
class EngramPipelineIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);
    static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);
    static final AvroCodec<Answer> ANSWERS = new AvroCodec<>(Answer.class);

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.shared();
    }

    @Test
    void aPublishedFactIsAnsweredWithTheVersionThatIncludesIt() throws Exception {
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-pipeline").withPartitions(2);
        RecordingMemoryEngine engine = TestEngines.recording();
        broker.ensureTopics(config);
        Topics topics = config.topics();
        try (RunningStreams streams = new RunningStreams(config, engine, broker.bootstrapServers());
             KafkaTestBroker.TopicReader updates = broker.reader(topics.updates());
             KafkaTestBroker.TopicReader versions = broker.reader(topics.versions());
             KafkaTestBroker.TopicReader answers = broker.reader(topics.answers())) {
            StringBuilder longBody = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                longBody.append("Council item ").append(i).append(" of Arvik was approved on a Tuesday. ");
            }
            broker.send(topics.news(), key("a1"), bytes(news("a1", "velmora", "Harbour",
                    "The harbour of Velmora opened on Monday.")));
            broker.send(topics.news(), key("a2"), bytes(news("a2", "arvik", "Council", longBody.toString())));
            broker.send(topics.news(), key("a3"), bytes(news("a3", "velmora", "Lighthouse",
                    "The lighthouse of Velmora is painted green.")));

            List<MemoryUpdate> written = decode(updates.until(records -> allChunksOf(records, 3), WAIT,
                    "the chunks of 3 articles"), UPDATES);
            List<MemoryVersion> announced = decode(versions.until(records -> records.size() >= written.size(), WAIT,
                    written.size() + " versions"), VERSIONS);
            assertConsecutivePerMemory(announced);
            assertEquals(written.size(), announced.size());
            long velmoraVersion = announced.stream().filter(v -> v.getMemoryId().equals("velmora"))
                    .mapToLong(MemoryVersion::getVersion).max().orElseThrow();
            assertEquals(2, velmoraVersion);

            broker.send(topics.queries(), key("velmora"), bytes(query("q-1", "velmora",
                    "When did the harbour of Velmora open?")));
            Answer answer = decode(answers.until(records -> !records.isEmpty(), WAIT, "the answer"), ANSWERS).get(0);
            assertEquals("q-1", answer.getRequestId());
            assertEquals(AnswerStatus.OK, answer.getStatus(), String.valueOf(answer.getReason()));
            assertTrue(answer.getAnswer().contains("Monday"), answer.getAnswer());
            assertEquals(velmoraVersion, answer.getMemoryVersion());
            assertNull(streams.failure());

            // nothing is announced twice, even after more commits
            List<MemoryVersion> all = decode(versions.drain(Duration.ofSeconds(1)), VERSIONS);
            assertEquals(announced.size(), all.size());
            assertEquals(written.size(), engine.applied("velmora").size() + engine.applied("arvik").size());
        }
    }

    static boolean allChunksOf(List<ConsumerRecord<byte[], byte[]>> records, int sources) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            MemoryUpdate update = UPDATES.decode(record.value());
            String source = update.getSourceId();
            seen.merge(source, 1, Integer::sum);
            expected.put(source, update.getChunkCount());
        }
        return seen.size() == sources && seen.equals(expected);
    }

    /** Versions 1..n for every memory, each once, in order. */
    static void assertConsecutivePerMemory(List<MemoryVersion> versions) {
        Map<String, List<Long>> byMemory = new LinkedHashMap<>();
        for (MemoryVersion version : versions) {
            byMemory.computeIfAbsent(version.getMemoryId(), id -> new ArrayList<>()).add(version.getVersion());
        }
        byMemory.forEach((memory, list) -> {
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i + 1, list.get(i), "versions of " + memory + ": " + list);
            }
        });
    }

    static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, AvroCodec<T> codec) {
        return records.stream().map(record -> codec.decode(record.value())).toList();
    }
}
