package engram.topology.durability;

import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryLLMEngine;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything durability for one service instance, built from one engine, the logs and a snapshot folder: the
 * place the service and the CLI start from. The parts are usable on their own as well.
 *
 * <p>Service hooks, all from the thread that owns the memory:
 * <ul>
 *   <li>{@link #applied} after each self-update (snapshots per the policy);</li>
 *   <li>{@link #ensureAt} on task start for each memory in the state store, and before an update when the engine's
 *       version differs from the committed one (instead of stopping with {@code PoolOutOfSyncException});</li>
 *   <li>{@link #flush} on clean shutdown or task close.</li>
 * </ul>
 */
public final class MemoryDurability {

    private final MemoryLLMEngine engine;
    private final SnapshotStore snapshots;
    private final Replayer replayer;
    private final PoolSnapshotter snapshotter;
    private final PoolRecovery recovery;
    private final AsOfPools asOf;
    private final Forgetting forgetting;

    public MemoryDurability(MemoryLLMEngine engine, LogAccess logs, Path snapshotDir, int keepSnapshots,
                            SnapshotPolicy policy) {
        this.engine = engine;
        this.snapshots = new SnapshotStore(snapshotDir, keepSnapshots);
        this.replayer = new Replayer(engine, logs, snapshots);
        this.snapshotter = new PoolSnapshotter(snapshots, policy);
        this.recovery = new PoolRecovery(engine, replayer, true);
        this.asOf = new AsOfPools(replayer, engine, Duration.ofMillis(10));
        this.forgetting = new Forgetting(replayer);
    }

    /** After a self-update of {@code memoryId} to {@code state.version()}, read from {@code position}. */
    public StoredSnapshot applied(String memoryId, MemoryState state, LogPosition position) {
        return snapshotter.applied(memoryId, engine.pool(memoryId), state, position);
    }

    /** Brings the engine's pool of {@code memoryId} to the committed state (snapshot + replay). */
    public PoolRecovery.Recovered ensureAt(String memoryId, MemoryState committed) {
        return recovery.recover(memoryId, committed);
    }

    /** Snapshots every memory changed since its last snapshot; returns how many were written. */
    public int flush() {
        return snapshotter.flush(engine::pool);
    }

    /** Snapshots those of {@code memoryIds} changed since their last snapshot (a task's memories, as it closes). */
    public int flush(java.util.Collection<String> memoryIds) {
        return snapshotter.flush(memoryIds, engine::pool);
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    public Replayer replayer() {
        return replayer;
    }

    public AsOfPools asOf() {
        return asOf;
    }

    public Forgetting forgetting() {
        return forgetting;
    }
}
