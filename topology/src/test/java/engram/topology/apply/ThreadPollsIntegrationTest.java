package engram.topology.apply;

import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.testing.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a real stream thread the poll count is found and grows: otherwise the apply rounds would silently fall back
 * to the records rule (half the thread for a busy feed), and a Kafka upgrade that renamed the metric would go
 * unnoticed.
 */
class ThreadPollsIntegrationTest {

    @TempDir
    Path stateDir;

    @Test
    void aStreamThreadsPollCountIsFoundAndGrows() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        String topic = "it-thread-polls";
        try (Admin admin = broker.admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        List<Long> seen = new CopyOnWriteArrayList<>();
        Topology topology = new Topology();
        topology.addSource("in", topic);
        topology.addProcessor("watch", () -> new Processor<Object, Object, Object, Object>() {
            @Override
            public void init(ProcessorContext<Object, Object> context) {
                ThreadPolls polls = new ThreadPolls(context.metrics());
                context.schedule(Duration.ofMillis(20), PunctuationType.WALL_CLOCK_TIME,
                        now -> seen.add(polls.count()));
            }

            @Override
            public void process(Record<Object, Object> record) {
            }
        }, "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-thread-polls");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
        props.put(StreamsConfig.POLL_MS_CONFIG, 5L);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!grew(seen) && System.nanoTime() < deadline) {
                Thread.sleep(10); // waiting for a condition, with a deadline
            }
        }
        assertTrue(!seen.isEmpty() && seen.stream().allMatch(n -> n >= 0), "poll counts read: " + seen);
        assertTrue(grew(seen), "the count grows as the thread polls: " + seen);
    }

    private static boolean grew(List<Long> seen) {
        return seen.size() >= 2 && seen.get(seen.size() - 1) > seen.get(0) && seen.get(0) >= 0;
    }
}
