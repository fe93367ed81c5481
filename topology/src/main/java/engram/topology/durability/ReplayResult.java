package engram.topology.durability;

import engram.topology.apply.MemoryState;
import engram.topology.engine.PoolHandle;
import java.util.List;

/**
 * What a rebuild produced and found. The caller owns {@link #pool()} (close it, or install it in the engine).
 *
 * @param memoryId the memory rebuilt
 * @param outcome how it ended
 * @param pool the rebuilt pool at the version reached
 * @param startedFrom the snapshot it started from, or null when it started from the memory's initial pool
 * @param snapshotsPassedOver snapshots that could not be used (corrupted, ...), one line each, newest first
 * @param state the apply flow's state for the rebuilt pool (version, last update, duplicate marks)
 * @param lastApplied the log record of the last update applied (or the snapshot's, when none was applied)
 * @param originalVersion the version of the original memory reached (differs from the pool's with exclusions)
 * @param applied self-updates applied by this rebuild (not counting what the snapshot held)
 * @param duplicatesSkipped re-delivered chunks skipped, as the apply flow skips them
 * @param invalidSkipped records the apply flow dead-letters (undecodable, wrong key, bad tokens), skipped
 * @param exclusions what the request asked to leave out
 * @param excludedUpdateIds the updates left out, in log order
 * @param verified versions whose checksum and update id matched the versions topic
 * @param divergence the first disagreement with the versions topic, or null
 * @param versionTopicProblems undecodable or misfiled events in the versions topic
 * @param elapsedNanos time spent reading and applying (after the snapshot was restored)
 * @param reason why the rebuild stopped short, for outcomes other than COMPLETE ("" otherwise)
 */
public record ReplayResult(String memoryId, Outcome outcome, PoolHandle pool, StoredSnapshot startedFrom,
                           List<String> snapshotsPassedOver, MemoryState state, LogPosition lastApplied,
                           long originalVersion, long applied, long duplicatesSkipped, long invalidSkipped,
                           Exclusions exclusions, List<String> excludedUpdateIds, long verified, Divergence divergence,
                           List<String> versionTopicProblems, long elapsedNanos, String reason) {

    public enum Outcome {
        /** Reached the target version (or the end of the log), every verified version matched. */
        COMPLETE,
        /** Stopped at the first version that disagrees with the versions topic: see {@link #divergence()}. */
        DIVERGED,
        /** The log ended before the target version. */
        LOG_ENDED,
        /** The deadline passed before the target version was reached. */
        DEADLINE_PASSED
    }

    public ReplayResult {
        snapshotsPassedOver = List.copyOf(snapshotsPassedOver);
        excludedUpdateIds = List.copyOf(excludedUpdateIds);
        versionTopicProblems = List.copyOf(versionTopicProblems);
    }

    /** The rebuilt pool's version (the number of updates it holds). */
    public long version() {
        return pool.version();
    }

    public String checksum() {
        return pool.checksum();
    }

    public long startVersion() {
        return startedFrom == null ? 0 : startedFrom.version();
    }

    public double updatesPerSecond() {
        return elapsedNanos == 0 ? 0 : applied * 1e9 / elapsedNanos;
    }

    /**
     * The snapshot metadata of the rebuilt pool, recording what was excluded: the update ids actually left out and
     * the source ids asked for.
     *
     * @param asMemoryId the memory id the snapshot is filed under (the rebuilt one, or a new id for a forgotten
     *                   copy, in which case the metadata names the original in {@code derived_from})
     */
    public SnapshotMetadata metadata(String asMemoryId, long createdAtMillis) {
        return new SnapshotMetadata(asMemoryId, lastApplied, state, createdAtMillis,
                new Exclusions(java.util.Set.copyOf(excludedUpdateIds), exclusions.sourceIds()),
                asMemoryId.equals(memoryId) ? "" : memoryId);
    }
}
