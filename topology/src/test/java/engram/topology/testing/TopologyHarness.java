package engram.topology.testing;

import engram.schemas.Answer;
import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.EngramSerdes;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole Engram topology in a TopologyTestDriver, with typed input and output topics. */
public final class TopologyHarness implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    public final TopologyConfig config;
    public final RecordingMemoryEngine engine;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> news;
    public final TestInputTopic<byte[], byte[]> conversations;
    public final TestInputTopic<byte[], byte[]> queries;
    public final TestInputTopic<byte[], byte[]> updatesIn;
    public final TestOutputTopic<String, MemoryUpdate> updates;
    public final TestOutputTopic<String, MemoryVersion> versions;
    public final TestOutputTopic<String, Answer> answers;
    public final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final Path stateDir;

    public TopologyHarness(TopologyConfig config, RecordingMemoryEngine engine) {
        this.config = config;
        this.engine = engine;
        try {
            this.stateDir = Files.createTempDirectory("engram-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.driver = new TopologyTestDriver(EngramTopology.build(config, engine),
                StreamsProperties.build(config, "unused:9092", stateDir.toString(), Map.of()), START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        news = driver.createInputTopic(config.topics().news(), bytes, bytes);
        conversations = driver.createInputTopic(config.topics().conversations(), bytes, bytes);
        queries = driver.createInputTopic(config.topics().queries(), bytes, bytes);
        updatesIn = driver.createInputTopic(config.topics().updates(), bytes, bytes);
        StringDeserializer strings = new StringDeserializer();
        updates = driver.createOutputTopic(config.topics().updates(), strings,
                EngramSerdes.memoryUpdate().deserializer());
        versions = driver.createOutputTopic(config.topics().versions(), strings,
                EngramSerdes.memoryVersion().deserializer());
        answers = driver.createOutputTopic(config.topics().answers(), strings, EngramSerdes.answer().deserializer());
        deadLetters = driver.createOutputTopic(config.topics().deadLetters(), new ByteArrayDeserializer(),
                EngramSerdes.deadLetter().deserializer());
    }

    /**
     * Lets the apply flow run its next round: queued updates are applied. Two wall-clock punctuations, as on a
     * stream thread: the first right after records were processed (a round then waits), the second on an idle
     * thread (the round runs).
     */
    public void applyQueued() {
        driver.advanceWallClockTime(java.time.Duration.ofMillis(config.applyBudgetMillis()));
        driver.advanceWallClockTime(java.time.Duration.ofMillis(config.applyBudgetMillis()));
    }

    public static TopologyHarness withDefaults() {
        return new TopologyHarness(TopologyConfig.defaults(), TestEngines.recording());
    }

    @Override
    public void close() {
        driver.close();
        engine.close();
    }
}
