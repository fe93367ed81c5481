package engram.topology.durability;

import engram.topology.apply.MemoryState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Forgetting by replay: rebuilds a memory without the named updates or sources (a poisoned or withdrawn feed),
 * from the nearest snapshot before the first of them. The result is written ({@link Replayer#write}) or filed as a new
 * memory ({@link #installAs}) as a snapshot that records what was left out. The original memory and its log are not
 * changed: the log stays the audit trail of what was received.
 */
public final class Forgetting {

    private final Replayer replayer;

    public Forgetting(Replayer replayer) {
        this.replayer = replayer;
    }

    /**
     * Rebuilds {@code memoryId} up to its latest announced version without {@code exclusions}. The versions before
     * the first excluded update are verified against the versions topic.
     */
    public ReplayResult rebuildWithout(String memoryId, Exclusions exclusions, ReplayProgress.Listener listener) {
        if (exclusions.isEmpty()) {
            throw new IllegalArgumentException("name at least one update id or source id to forget");
        }
        return replayer.replay(ReplayRequest.of(memoryId).excluding(exclusions), listener);
    }

    /**
     * Files the rebuilt pool as the starting point of a new memory {@code newMemoryId}: a snapshot in the store
     * whose metadata names the original ({@code derived_from}) and what was excluded, positioned at the current end
     * of the new memory's partition of the updates topic with no duplicate marks, so updates sent to the new id
     * from now on apply on top of it. The result keeps its pool.
     *
     * <p>The apply flow has no committed state for the new id yet: a service adopts the snapshot's state as the new
     * memory's committed state ({@link UpdateLogDurability#initialState}) and restores the pool from it.
     */
    public StoredSnapshot installAs(ReplayResult result, String newMemoryId) throws IOException {
        if (newMemoryId.equals(result.memoryId())) {
            throw new IllegalArgumentException("a forgotten pool is installed under a new memory id, not '"
                    + newMemoryId + "' itself: the original stays the product of its log");
        }
        SnapshotStore store = replayer.snapshots();
        if (store == null) {
            throw new IllegalStateException("installing needs a snapshot store");
        }
        if (!store.list(newMemoryId).isEmpty() || store.engine().hasMemory(newMemoryId)) {
            throw new IllegalStateException("memory '" + newMemoryId + "' exists already");
        }
        LogPosition endOfNewPartition = endOf(replayer.logs(), newMemoryId);
        SnapshotMetadata base = result.metadata(newMemoryId, System.currentTimeMillis());
        MemoryState state = new MemoryState(result.version(), result.state().lastUpdateId(), Map.of());
        return store.save(result.pool(), new SnapshotMetadata(newMemoryId, endOfNewPartition, state,
                base.createdAtMillis(), base.excluded(), base.derivedFrom()));
    }

    /** The last offset now in the partition of the updates topic that holds {@code memoryId}. */
    private static LogPosition endOf(LogAccess logs, String memoryId) {
        try (KafkaConsumer<byte[], byte[]> consumer = logs.consumer()) {
            int partition = LogAccess.partitionOf(consumer, logs.updatesTopic(), memoryId);
            TopicPartition tp = new TopicPartition(logs.updatesTopic(), partition);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            return new LogPosition(logs.updatesTopic(), partition, end - 1);
        }
    }
}
