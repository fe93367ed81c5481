package engram.app.testing;

import engram.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a topic holds, as a read_committed reader sees it, in partition order and log order within each partition
 * (one memory's records are on one partition, so each memory's are in their order).
 */
public final class CommittedRecords {

    private CommittedRecords() {}

    /** Everything committed on {@code topic} now. */
    public static <T extends SpecificRecord> List<T> read(String bootstrap, String topic, AvroCodec<T> codec) {
        return read(bootstrap, topic, codec, -1, Duration.ofSeconds(60));
    }

    /** The first {@code count} records committed on {@code topic}, waiting for them at most {@code timeout}. */
    public static <T extends SpecificRecord> List<T> await(String bootstrap, String topic, AvroCodec<T> codec,
                                                           int count, Duration timeout) {
        return read(bootstrap, topic, codec, count, timeout);
    }

    private static <T extends SpecificRecord> List<T> read(String bootstrap, String topic, AvroCodec<T> codec,
                                                           int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offsets
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < 0 ? partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    : records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + ": " + records.size() + " records within " + timeout
                            + (count < 0 ? ", not its end " + end : ", not " + count));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records.stream().map(r -> codec.decode(r.value())).toList();
    }
}
