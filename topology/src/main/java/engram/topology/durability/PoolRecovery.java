package engram.topology.durability;

import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolOutOfSyncException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the engine's pool of a memory to exactly the version the apply flow committed: the newest usable
 * snapshot at or before that version, plus replay of the updates after it. Restart time is therefore bounded by
 * the snapshot interval, not by the length of the history, and nothing depends on Kafka Streams restoring local
 * state (with exactly-once it wipes it after an unclean stop).
 *
 * <p>Call it from the thread that owns the memory (the stream thread of its task): on task start for every memory
 * of the task's state store, or when the apply flow meets {@link PoolOutOfSyncException}. It installs the pool in
 * the engine only when the rebuild reproduces the committed state exactly (version, last update id, duplicate
 * marks, and by default the committed checksum of that version); otherwise it throws and the engine is unchanged.
 */
public final class PoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRecovery.class);

    private final MemoryEngine engine;
    private final Replayer replayer;
    private final boolean verify;

    /**
     * @param replayer rebuilds the pool; its engine is the one whose live pools are restored
     * @param verify check every re-applied version against the versions topic (costs one read of the memory's
     *               version events; catches a drifting engine before it announces anything)
     */
    public PoolRecovery(Replayer replayer, boolean verify) {
        this.engine = replayer.engine();
        this.replayer = replayer;
        this.verify = verify;
    }

    /** What a recovery did. */
    public record Recovered(String memoryId, long version, String checksum, long snapshotVersion, long reapplied,
                            long durationMillis, java.util.List<String> snapshotsPassedOver) {
    }

    /**
     * Restores and installs the pool of {@code memoryId} at {@code committed.version()}; nothing happens when the
     * engine is already there.
     *
     * @throws RecoveryFailedException when the log does not reproduce the committed state
     */
    public Recovered recover(String memoryId, MemoryState committed) {
        Objects.requireNonNull(committed, "committed");
        long started = System.nanoTime();
        if (engine.hasMemory(memoryId) && engine.version(memoryId) == committed.version()) {
            return new Recovered(memoryId, committed.version(), engine.pool(memoryId).checksum(),
                    committed.version(), 0, 0, java.util.List.of());
        }
        if (committed.version() == 0) {
            engine.install(memoryId, engine.newPool(memoryId));
            return new Recovered(memoryId, 0, engine.pool(memoryId).checksum(), 0, 0, 0, java.util.List.of());
        }
        ReplayResult result = replayer.replay(ReplayRequest.of(memoryId).withToVersion(committed.version())
                .withVerify(verify), progress -> LOG.info("memory '{}': recovering, version {} of {} ({} updates/s)",
                memoryId, progress.version(), progress.targetVersion(),
                String.format("%.1f", progress.updatesPerSecond())));
        String problem = mismatch(result, committed);
        if (problem != null) {
            result.pool().close();
            throw new RecoveryFailedException(memoryId, committed.version(), problem);
        }
        engine.install(memoryId, result.pool());
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("memory '{}': recovered version {} from {} + {} re-applied updates in {} ms", memoryId,
                committed.version(), result.startedFrom() == null ? "the initial pool"
                        : "the snapshot of version " + result.startVersion(), result.applied(), millis);
        return new Recovered(memoryId, result.version(), result.checksum(), result.startVersion(), result.applied(),
                millis, result.snapshotsPassedOver());
    }

    private static String mismatch(ReplayResult result, MemoryState committed) {
        if (result.outcome() != ReplayResult.Outcome.COMPLETE) {
            return result.outcome() + ": " + result.reason();
        }
        if (result.version() != committed.version()) {
            return "the rebuild reached version " + result.version();
        }
        if (!result.state().lastUpdateId().equals(committed.lastUpdateId())) {
            return "the rebuild's last update is " + result.state().lastUpdateId() + ", the committed one "
                    + committed.lastUpdateId();
        }
        if (!result.state().appliedUpTo().equals(committed.appliedUpTo())) {
            return "the rebuild's duplicate marks " + result.state().appliedUpTo() + " differ from the committed "
                    + committed.appliedUpTo();
        }
        return null;
    }

    /** The log could not reproduce the committed state; the engine's pool was left as it was. */
    public static final class RecoveryFailedException extends IllegalStateException {
        public RecoveryFailedException(String memoryId, long version, String problem) {
            super("memory '" + memoryId + "': cannot restore the pool to committed version " + version + ": " + problem);
        }
    }
}
