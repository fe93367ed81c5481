package engram.topology.durability;

import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed version events of one memory, read from the versions topic (read_committed): what a rebuild is
 * checked against. Problems in the topic itself (an undecodable event, two different events for one version) are
 * kept, not thrown: they are audit findings.
 */
public final class VersionHistory {

    private static final AvroCodec<MemoryVersion> CODEC = new AvroCodec<>(MemoryVersion.class);

    private final String memoryId;
    private final TreeMap<Long, MemoryVersion> byVersion;
    private final Map<Long, String> conflicts;
    private final List<String> problems;

    private VersionHistory(String memoryId, TreeMap<Long, MemoryVersion> byVersion, Map<Long, String> conflicts,
                           List<String> problems) {
        this.memoryId = memoryId;
        this.byVersion = byVersion;
        this.conflicts = conflicts;
        this.problems = List.copyOf(problems);
    }

    /** An empty history (nothing to verify against). */
    public static VersionHistory none(String memoryId) {
        return new VersionHistory(memoryId, new TreeMap<>(), Map.of(), List.of());
    }

    /** Reads every committed version event of {@code memoryId}. */
    public static VersionHistory read(LogAccess logs, String memoryId) {
        TreeMap<Long, MemoryVersion> byVersion = new TreeMap<>();
        Map<Long, String> conflicts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = logs.consumer()) {
            TopicPartition partition = new TopicPartition(logs.versionsTopic(),
                    LogAccess.partitionOf(consumer, logs.versionsTopic(), memoryId));
            KeyedLogReader.read(consumer, partition, 0, memoryId, record -> {
                add(record, memoryId, byVersion, conflicts, problems);
                return true;
            });
        }
        return new VersionHistory(memoryId, byVersion, conflicts, problems);
    }

    private static void add(ConsumerRecord<byte[], byte[]> record, String memoryId,
                            TreeMap<Long, MemoryVersion> byVersion, Map<Long, String> conflicts, List<String> problems) {
        MemoryVersion event;
        try {
            event = CODEC.decode(record.value());
        } catch (UndecodableRecordException e) {
            problems.add("undecodable version event at " + record.topic() + ":" + record.partition() + "@"
                    + record.offset() + ": " + e.getMessage());
            return;
        }
        if (!memoryId.equals(event.getMemoryId())) {
            problems.add("version event at offset " + record.offset() + " is keyed '" + memoryId + "' but names memory '"
                    + event.getMemoryId() + "'");
            return;
        }
        MemoryVersion earlier = byVersion.putIfAbsent(event.getVersion(), event);
        if (earlier != null && !(earlier.getPoolChecksum().equals(event.getPoolChecksum())
                && earlier.getUpdateId().equals(event.getUpdateId()))) {
            conflicts.put(event.getVersion(), "two events for version " + event.getVersion() + ": update "
                    + earlier.getUpdateId() + " " + earlier.getPoolChecksum() + " and update " + event.getUpdateId()
                    + " " + event.getPoolChecksum() + " (offset " + record.offset() + ")");
        }
    }

    public String memoryId() {
        return memoryId;
    }

    public Optional<MemoryVersion> get(long version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    /** Why the events for {@code version} contradict each other, if they do. */
    public Optional<String> conflictAt(long version) {
        return Optional.ofNullable(conflicts.get(version));
    }

    /** The highest version announced (0 when none). */
    public long latestVersion() {
        return byVersion.isEmpty() ? 0 : byVersion.lastKey();
    }

    public int size() {
        return byVersion.size();
    }

    /** The first version (from 1) with no event, or {@code latestVersion() + 1} when there is no gap. */
    public long firstMissingVersion() {
        long expected = 1;
        for (long v : byVersion.keySet()) {
            if (v != expected) {
                return expected;
            }
            expected++;
        }
        return expected;
    }

    /** The lowest version whose update the exclusions name, if any was applied. */
    public Optional<Long> firstVersionExcludedBy(Exclusions exclusions) {
        return byVersion.values().stream().filter(v -> exclusions.excludes(v.getUpdateId(), v.getSourceId()))
                .map(MemoryVersion::getVersion).findFirst();
    }

    /** Problems in the topic that are not about one version: undecodable or misfiled events. */
    public List<String> problems() {
        return problems;
    }
}
