package engram.topology.durability;

import engram.schemas.SourceCoordinates;
import engram.topology.apply.Durability;
import engram.topology.apply.MemoryState;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability of a service's memories from the update log, the apply flow's {@link Durability}: a memory's pool is the
 * product of its update log, and snapshots only make rebuilding it quick. One per service instance, over any
 * {@link MemoryEngine}, built from the engine, the logs and a snapshot folder; its parts are usable on their own:
 * <ul>
 *   <li>snapshots: {@link #snapshots()} ({@link SnapshotStore}) written per the {@link SnapshotPolicy} after each
 *       update and when a task closes ({@link PoolSnapshotter});</li>
 *   <li>recovery: a live pool that is not at the committed version is restored from its latest snapshot plus the
 *       updates after it ({@link PoolRecovery});</li>
 *   <li>replay and audit: {@link #replayer()};</li>
 *   <li>as-of answers: earlier versions rebuilt before the query's deadline ({@link #asOf()});</li>
 *   <li>forgetting: {@link #forgetting()}, and memories it filed under a new id are adopted
 *       ({@link #initialState}).</li>
 * </ul>
 *
 * <p>The apply flow calls it only from stream threads; the counters are for the service's logs and the crash harness.
 */
public final class UpdateLogDurability implements Durability {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateLogDurability.class);
    /** The cost of one self-update an as-of rebuild assumes until one has measured it. */
    private static final Duration FIRST_UPDATE_ESTIMATE = Duration.ofMillis(10);

    private final MemoryEngine engine;
    private final SnapshotStore snapshots;
    private final Replayer replayer;
    private final PoolSnapshotter snapshotter;
    private final PoolRecovery recovery;
    private final AsOfPools asOf;
    private final Forgetting forgetting;
    private final AtomicLong recoveries = new AtomicLong();
    private final AtomicLong reapplied = new AtomicLong();
    private final AtomicLong snapshotsWritten = new AtomicLong();

    /**
     * @param engine the engine whose live pools are kept durable (it also rebuilds them)
     * @param keepSnapshots snapshots kept per memory; more than one, since the newest may be past an aborted
     *                      transaction
     */
    public UpdateLogDurability(MemoryEngine engine, LogAccess logs, Path snapshotDir, int keepSnapshots,
                               SnapshotPolicy policy) {
        this.engine = engine;
        this.snapshots = new SnapshotStore(engine, snapshotDir, keepSnapshots);
        this.replayer = new Replayer(engine, logs, snapshots);
        this.snapshotter = new PoolSnapshotter(snapshots, policy);
        this.recovery = new PoolRecovery(replayer, true);
        this.asOf = new AsOfPools(replayer, true, FIRST_UPDATE_ESTIMATE);
        this.forgetting = new Forgetting(replayer);
    }

    /**
     * A memory filed by {@link Forgetting#installAs} ({@code ./engram replay --install-as}) starts at its snapshot's
     * state; any other unseen memory starts empty.
     */
    @Override
    public MemoryState initialState(String memoryId) {
        // any snapshot that says it was installed (the service may have written newer ones before its first commit)
        return snapshots.list(memoryId).stream()
                .filter(s -> !s.metadata().derivedFrom().isEmpty())
                .map(s -> s.metadata().state())
                .findFirst()
                .orElse(MemoryState.empty());
    }

    @Override
    public void ensureAt(String memoryId, MemoryState committed) {
        recover(memoryId, committed);
    }

    /** {@link #ensureAt}, saying what it took. */
    public PoolRecovery.Recovered recover(String memoryId, MemoryState committed) {
        PoolRecovery.Recovered done = recovery.recover(memoryId, committed);
        recoveries.incrementAndGet();
        reapplied.addAndGet(done.reapplied());
        if (!done.snapshotsPassedOver().isEmpty()) {
            LOG.warn("memory '{}': snapshots passed over while recovering: {}", memoryId, done.snapshotsPassedOver());
        }
        return done;
    }

    @Override
    public void applied(String memoryId, MemoryState state, SourceCoordinates logPosition) {
        LogPosition position = new LogPosition(logPosition.getTopic(), logPosition.getPartition(),
                logPosition.getOffset());
        if (snapshotter.applied(memoryId, engine.pool(memoryId), state, position) != null) {
            snapshotsWritten.incrementAndGet();
        }
    }

    @Override
    public void flush(Set<String> memoryIds) {
        flushed(snapshotter.flush(memoryIds, engine::pool));
    }

    @Override
    public void flushAll() {
        flushed(snapshotter.flush(engine::pool));
    }

    private void flushed(int written) {
        snapshotsWritten.addAndGet(written);
        if (written > 0) {
            LOG.info("{} memory snapshot(s) written on close", written);
        }
    }

    @Override
    public GeneratedAnswer answerAsOf(String memoryId, long version, String question, int maxNewTokens,
                                      Instant deadline) {
        AsOfPools.AsOf at = asOf.poolAt(memoryId, version, deadline);
        if (at.rejected()) {
            throw new VersionUnavailableException(at.rejection());
        }
        try (PoolHandle pool = at.pool()) {
            LOG.info("memory '{}': answering as of version {} ({} updates re-applied)", memoryId, version,
                    at.replayed());
            return engine.answer(pool, question, maxNewTokens);
        }
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

    /** Pools restored so far (each time the engine was not at the committed version). */
    public long recoveries() {
        return recoveries.get();
    }

    /** Updates re-applied by those restores. */
    public long reapplied() {
        return reapplied.get();
    }

    public long snapshotsWritten() {
        return snapshotsWritten.get();
    }
}
