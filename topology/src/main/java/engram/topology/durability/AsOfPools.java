package engram.topology.durability;

import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pools as they were at an earlier version, for answering a {@code Query} with {@code asOfVersion}: the current
 * pool when it is at that version, else a rebuild from the nearest snapshot at or before it. A rebuild that cannot
 * finish before the query's deadline is refused up front (estimated from the measured replay rate) or stopped when
 * the deadline passes, with a reason the caller puts in a REJECTED answer.
 *
 * <p>Thread contract: call it from the thread that owns the memory (it reads the engine's live pool).
 */
public final class AsOfPools {

    private final Replayer replayer;
    private final MemoryEngine engine;
    private volatile double nanosPerUpdate; // an estimate shared by the stream threads

    /**
     * @param servesMemories whether the replayer's engine serves the memories (the service: its live pool gives the
     *                       current version and bounds the versions that exist), or only rebuilds (a tool)
     * @param perUpdateEstimate the cost of one self-update until a replay has measured it
     */
    public AsOfPools(Replayer replayer, boolean servesMemories, Duration perUpdateEstimate) {
        this.replayer = replayer;
        this.engine = servesMemories ? replayer.engine() : null;
        this.nanosPerUpdate = perUpdateEstimate.toNanos();
    }

    /**
     * The pool of {@code memoryId} at {@code version}, or why not.
     *
     * @param pool the pool (the caller owns and closes it), or null when rejected
     * @param rejection why it could not be had, or "" with a pool
     * @param replayed self-updates re-applied to get it
     */
    public record AsOf(PoolHandle pool, String rejection, long replayed) {
        public boolean rejected() {
            return pool == null;
        }
    }

    /** @param deadline when the answer is due; null for no limit */
    public AsOf poolAt(String memoryId, long version, Instant deadline) {
        if (version < 0) {
            return reject("asOfVersion must be >= 0, got " + version);
        }
        if (engine != null) {
            long current = engine.version(memoryId);
            if (version > current) {
                return reject("memory '" + memoryId + "' is at version " + current + "; version " + version
                        + " does not exist yet");
            }
            if (version == current && engine.hasMemory(memoryId)) {
                return new AsOf(engine.copy(engine.pool(memoryId)), "", 0);
            }
        }
        SnapshotStore store = replayer.snapshots();
        Optional<StoredSnapshot> start = store == null ? Optional.empty() : store.atOrBefore(memoryId, version);
        long needed = version - start.map(StoredSnapshot::version).orElse(0L);
        if (deadline != null) {
            Duration left = Duration.between(Instant.now(), deadline);
            long estimate = (long) (needed * nanosPerUpdate);
            if (left.isNegative() || estimate > left.toNanos()) {
                return reject("rebuilding version " + version + " of memory '" + memoryId + "' needs " + needed
                        + " updates from " + start.map(s -> "the snapshot of version " + s.version())
                        .orElse("the initial pool") + " (about " + estimate / 1_000_000 + " ms), but the deadline is "
                        + "in " + left.toMillis() + " ms");
            }
        }
        ReplayResult result = replayer.replay(ReplayRequest.of(memoryId).withToVersion(version).withVerify(false)
                .withDeadline(deadline));
        if (result.applied() > 0 && result.elapsedNanos() > 0) {
            nanosPerUpdate = 0.5 * nanosPerUpdate + 0.5 * ((double) result.elapsedNanos() / result.applied());
        }
        if (result.outcome() != ReplayResult.Outcome.COMPLETE) {
            result.pool().close();
            return reject("cannot rebuild version " + version + " of memory '" + memoryId + "': " + result.reason());
        }
        return new AsOf(result.pool(), "", result.applied());
    }

    /** The current estimate of one self-update's cost during replay. */
    public Duration perUpdateEstimate() {
        return Duration.ofNanos((long) nanosPerUpdate);
    }

    private static AsOf reject(String reason) {
        return new AsOf(null, reason, 0);
    }
}
