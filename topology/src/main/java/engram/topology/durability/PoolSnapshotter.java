package engram.topology.durability;

import engram.topology.apply.MemoryState;
import engram.topology.engine.PoolHandle;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of snapshots: told about every applied update, it writes a snapshot when the
 * {@link SnapshotPolicy} says so, and on {@link #snapshot} (clean shutdown, task close).
 *
 * <p>Call it from the thread that applies updates, right after the self-update, with the state the apply flow
 * stores for that version. A snapshot may so be written for a version whose Kafka transaction later aborts; that
 * is harmless (replay of the same log gives the same pool at that version) and recovery only uses snapshots at or
 * before the committed version. A failed write is logged and retried at the next update: a missing snapshot costs
 * restart time, never correctness.
 */
public final class PoolSnapshotter {

    private static final Logger LOG = LoggerFactory.getLogger(PoolSnapshotter.class);

    private final SnapshotStore store;
    private final SnapshotPolicy policy;
    private final LongSupplier clockMillis;
    // concurrent: the service's stream threads share one snapshotter, each for the memories of its own tasks
    private final Map<String, Last> last = new ConcurrentHashMap<>();
    private final Map<String, Applied> unsaved = new ConcurrentHashMap<>();

    private record Last(long version, long atMillis) {}

    private record Applied(MemoryState state, LogPosition position) {}

    public PoolSnapshotter(SnapshotStore store, SnapshotPolicy policy) {
        this(store, policy, System::currentTimeMillis);
    }

    /** @param clockMillis wall clock in ms (a test clock in tests) */
    public PoolSnapshotter(SnapshotStore store, SnapshotPolicy policy, LongSupplier clockMillis) {
        this.store = store;
        this.policy = policy;
        this.clockMillis = clockMillis;
    }

    /**
     * Notes that {@code pool} reached {@code state.version()} by the update read at {@code position}; snapshots
     * it when due.
     *
     * @return the snapshot written, or null
     */
    public StoredSnapshot applied(String memoryId, PoolHandle pool, MemoryState state, LogPosition position) {
        long now = clockMillis.getAsLong();
        Last previous = last.computeIfAbsent(memoryId, id -> firstSeen(id, now));
        if (!policy.due(state.version() - previous.version, Duration.ofMillis(now - previous.atMillis))) {
            unsaved.put(memoryId, new Applied(state, position));
            return null;
        }
        return snapshot(memoryId, pool, state, position);
    }

    /**
     * Snapshots every memory with updates since its last snapshot (clean shutdown, task close).
     *
     * @param poolOf the engine's current pool of a memory (e.g. {@code engine::pool}); a memory whose pool is no
     *               longer at the last version reported to {@link #applied} is skipped
     * @return how many snapshots were written
     */
    public int flush(java.util.function.Function<String, PoolHandle> poolOf) {
        return flush(java.util.List.copyOf(unsaved.keySet()), poolOf);
    }

    /**
     * Snapshots those of {@code memoryIds} with updates since their last snapshot (a task closes: its memories
     * only, since another stream thread may be updating the others right now).
     */
    public int flush(Collection<String> memoryIds, java.util.function.Function<String, PoolHandle> poolOf) {
        int written = 0;
        for (String memoryId : memoryIds) {
            Applied applied = unsaved.get(memoryId);
            PoolHandle pool = applied == null ? null : poolOf.apply(memoryId);
            if (pool != null && pool.version() == applied.state().version()
                    && snapshot(memoryId, pool, applied.state(), applied.position()) != null) {
                written++;
            }
        }
        return written;
    }

    /** Writes a snapshot now (clean shutdown); null when the write failed (logged). */
    public StoredSnapshot snapshot(String memoryId, PoolHandle pool, MemoryState state, LogPosition position) {
        long now = clockMillis.getAsLong();
        try {
            StoredSnapshot written = store.save(pool, new SnapshotMetadata(memoryId, position, state, now,
                    Exclusions.NONE, ""));
            last.put(memoryId, new Last(state.version(), now));
            unsaved.remove(memoryId);
            LOG.debug("memory '{}': snapshot of version {} written to {}", memoryId, state.version(), written.file());
            return written;
        } catch (IOException | RuntimeException e) {
            LOG.warn("memory '{}': snapshot of version {} failed (will retry at the next update): {}", memoryId,
                    state.version(), e.toString());
            return null;
        }
    }

    /** The last snapshot on disk counts as the starting point, so a restart does not snapshot again at once. */
    private Last firstSeen(String memoryId, long now) {
        return store.latest(memoryId).map(s -> new Last(s.version(), now)).orElse(new Last(0, now));
    }
}
