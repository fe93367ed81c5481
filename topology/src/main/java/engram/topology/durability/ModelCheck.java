package engram.topology.durability;

import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds, before the topology starts, a versions topic written by another model than the one the service loaded:
 * the state a replaced bundled model leaves behind. Without it the service starts, and the first update or
 * question of each memory fails its recovery with a {@link Divergence.Kind#MODEL} divergence, one memory at a time.
 *
 * <p>Only the newest committed event of each partition is read (a few records from its end, whatever the length
 * of the history): a change of model shows there first, since every event after it carries the new id.
 */
public final class ModelCheck {

    /** Records read back from each partition's end: transaction markers take offsets too. */
    private static final int TAIL = 64;
    private static final AvroCodec<MemoryVersion> CODEC = new AvroCodec<>(MemoryVersion.class);

    private ModelCheck() {}

    /**
     * @return why this service cannot continue the history in {@code logs}' versions topic with {@code modelId},
     *     or empty when every partition's newest version was applied by it (or the topic holds no version yet)
     */
    public static Optional<String> problem(LogAccess logs, String modelId) {
        try (KafkaConsumer<byte[], byte[]> consumer = logs.consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(logs.versionsTopic());
            if (partitions == null) {
                return Optional.empty();
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(info.topic(), info.partition());
                Optional<MemoryVersion> newest = newest(consumer, partition);
                if (newest.isPresent() && !newest.get().getModelId().equals(modelId)) {
                    MemoryVersion v = newest.get();
                    return Optional.of("the versions topic '" + logs.versionsTopic() + "' was last written by model "
                            + v.getModelId() + " (memory '" + v.getMemoryId() + "', version " + v.getVersion()
                            + "), and this service runs " + modelId + "; " + Divergence.MODEL_CHANGE_FIX);
                }
            }
            return Optional.empty();
        }
    }

    /** The last decodable committed version event of {@code partition}, if any. */
    private static Optional<MemoryVersion> newest(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
        long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        MemoryVersion[] newest = new MemoryVersion[1];
        KeyedLogReader.read(consumer, partition, Math.max(begin, end - TAIL), null, record -> {
            try {
                newest[0] = CODEC.decode(record.value());
            } catch (UndecodableRecordException e) {
                // an audit finding for replay, not a model change
            }
            return true;
        });
        return Optional.ofNullable(newest[0]);
    }
}
