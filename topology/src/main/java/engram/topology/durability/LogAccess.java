package engram.topology.durability;

import engram.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * How durability code reaches the logs: plain consumers (no group, no commits) with
 * {@code isolation.level=read_committed}, so aborted writes of a crashed service are never replayed, and the names
 * of the updates and versions topics.
 *
 * @param clientProperties bootstrap servers plus any security settings
 * @param updatesTopic the update log (MemoryUpdate keyed by memory id)
 * @param versionsTopic the version events (MemoryVersion keyed by memory id)
 */
public record LogAccess(Map<String, Object> clientProperties, String updatesTopic, String versionsTopic) {

    public LogAccess {
        clientProperties = Map.copyOf(clientProperties);
    }

    public static LogAccess of(String bootstrapServers, Topics topics) {
        return new LogAccess(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics.updates(),
                topics.versions());
    }

    /** The same logs under other topic names (e.g. a copy kept for an audit). */
    public LogAccess withTopics(String updates, String versions) {
        return new LogAccess(clientProperties, updates, versions);
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "engram-replay");
        Properties properties = new Properties();
        properties.putAll(props);
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The partition of {@code topic} that holds {@code memoryId}'s records: the producer's default partitioner
     * (murmur2 of the key bytes), which the Streams sinks of the topology use.
     */
    static int partitionOf(KafkaConsumer<?, ?> consumer, String topic, String memoryId) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist or has no partitions");
        }
        byte[] key = memoryId.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions.size();
    }
}
