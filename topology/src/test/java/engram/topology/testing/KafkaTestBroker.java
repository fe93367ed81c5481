package engram.topology.testing;

import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker in this JVM (stack-notes §4), with the plain byte-level clients tests need.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaTestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaTestBroker shared;

    /** One broker for every test class of this JVM, stopped when the JVM exits (saves a start per class). */
    public static synchronized KafkaTestBroker shared() throws Exception {
        if (shared == null) {
            KafkaTestBroker broker = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.close();
                } catch (Exception e) {
                    System.err.println("closing the test broker: " + e);
                }
            }));
            shared = broker;
        }
        return shared;
    }

    public static KafkaTestBroker start() throws Exception {
        return start(Map.of());
    }

    /** A broker of its own with extra broker settings (e.g. quicker transaction and group timeouts). */
    public static KafkaTestBroker start(Map<String, String> extraConfig) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        extraConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaTestBroker(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates the topics of {@code config} that are missing (the topology's own setup). */
    public void ensureTopics(TopologyConfig config) throws Exception {
        try (Admin admin = admin()) {
            TopicSetup.ensure(admin, config);
        }
    }

    /** Sends one record and waits for the broker's acknowledgement; returns where it was written. */
    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** A read_committed reader of every partition of {@code topic}, from the beginning. */
    public TopicReader reader(String topic) {
        return new TopicReader(topic);
    }

    @Override
    public void close() throws Exception {
        producer.close();
        cluster.close();
    }

    /** Accumulates what a topic holds; {@link #until} polls with a deadline instead of sleeping. */
    public final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        private TopicReader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until {@code done} holds for everything read so far; fails after {@code timeout}. */
        public List<ConsumerRecord<byte[], byte[]>> until(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; have "
                            + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return List.copyOf(records);
        }

        /** Reads for {@code quiet} more and returns everything: to check that nothing unexpected follows. */
        public List<ConsumerRecord<byte[], byte[]>> drain(Duration quiet) {
            long deadline = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
