package engram.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RunningStreams;
import engram.topology.testing.TestEngines;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * With the default settings (one partition, {@link StreamsProperties#STREAM_THREADS} threads) ingest and apply run
 * on different stream threads, so cutting a burst of feed items never holds the engine back.
 */
class StreamThreadsIntegrationTest {

    @Test
    void ingestAndApplyRunOnTheirOwnStreamThreads() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-threads");
        broker.ensureTopics(config);
        var engine = TestEngines.recording();
        String ingest = taskReading(config, config.topics().news(), engine);
        String apply = taskReading(config, config.topics().updates(), engine);
        assertNotEquals(ingest, apply, "ingest and apply are separate sub-topologies");
        try (RunningStreams streams = new RunningStreams(config, engine, broker.bootstrapServers())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Set<String>> byThread = streams.activeTasksByThread();
            while (!separate(byThread, ingest, apply) && System.nanoTime() < deadline) {
                Thread.sleep(20); // waiting for the assignment to settle, with a deadline
                byThread = streams.activeTasksByThread();
            }
            assertEquals(StreamsProperties.STREAM_THREADS, byThread.size(), byThread.toString());
            assertTrue(separate(byThread, ingest, apply), "tasks by thread: " + byThread);
        }
    }

    /** The task id ("1_0") of the sub-topology that reads {@code topic}, partition 0. */
    private static String taskReading(TopologyConfig config, String topic, engram.topology.engine.MemoryEngine engine) {
        for (TopologyDescription.Subtopology sub : EngramTopology.build(config, engine).describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet().contains(topic)) {
                    return sub.id() + "_0";
                }
            }
        }
        throw new AssertionError("no sub-topology reads " + topic);
    }

    private static boolean separate(Map<String, Set<String>> byThread, String ingest, String apply) {
        return byThread.values().stream().anyMatch(tasks -> tasks.equals(Set.of(ingest)))
                && byThread.values().stream().anyMatch(tasks -> tasks.equals(Set.of(apply)));
    }
}
