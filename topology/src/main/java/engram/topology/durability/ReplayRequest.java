package engram.topology.durability;

import java.time.Instant;
import java.util.Objects;

/**
 * What to rebuild. Start with {@link #of(String)} and narrow it down with the {@code with...} methods.
 *
 * @param memoryId the memory to rebuild
 * @param toVersion stop once this version is reached ({@link #END_OF_LOG}: everything the log holds, or with
 *                  {@code verify} everything the versions topic announces). With exclusions it counts the original
 *                  memory's versions, excluded updates included
 * @param verify compare every rebuilt version's checksum and update id with the versions topic and stop at the
 *               first divergence (with exclusions: only the versions before the first excluded update)
 * @param exclusions updates to leave out (forgetting); {@link Exclusions#NONE} for a faithful rebuild
 * @param useSnapshots start from the nearest usable snapshot at or before the start point, else from version 0
 * @param deadline give up (outcome DEADLINE_PASSED) when the rebuild is not done by then; null for no deadline
 * @param snapshotsAlongTheWay write snapshots into the store as this policy says while rebuilding; null for none
 */
public record ReplayRequest(String memoryId, long toVersion, boolean verify, Exclusions exclusions,
                            boolean useSnapshots, Instant deadline, SnapshotPolicy snapshotsAlongTheWay) {

    public static final long END_OF_LOG = Long.MAX_VALUE;

    public ReplayRequest {
        Objects.requireNonNull(memoryId, "memoryId");
        Objects.requireNonNull(exclusions, "exclusions");
        if (toVersion < 0) {
            throw new IllegalArgumentException("toVersion must be >= 0, got " + toVersion);
        }
    }

    /** Everything in the log, from the nearest snapshot, verified against the versions topic. */
    public static ReplayRequest of(String memoryId) {
        return new ReplayRequest(memoryId, END_OF_LOG, true, Exclusions.NONE, true, null, null);
    }

    public ReplayRequest withToVersion(long version) {
        return new ReplayRequest(memoryId, version, verify, exclusions, useSnapshots, deadline, snapshotsAlongTheWay);
    }

    public ReplayRequest withVerify(boolean on) {
        return new ReplayRequest(memoryId, toVersion, on, exclusions, useSnapshots, deadline, snapshotsAlongTheWay);
    }

    public ReplayRequest excluding(Exclusions more) {
        return new ReplayRequest(memoryId, toVersion, verify, exclusions.and(more), useSnapshots, deadline,
                snapshotsAlongTheWay);
    }

    public ReplayRequest withSnapshots(boolean on) {
        return new ReplayRequest(memoryId, toVersion, verify, exclusions, on, deadline, snapshotsAlongTheWay);
    }

    public ReplayRequest withDeadline(Instant at) {
        return new ReplayRequest(memoryId, toVersion, verify, exclusions, useSnapshots, at, snapshotsAlongTheWay);
    }

    public ReplayRequest writingSnapshots(SnapshotPolicy policy) {
        return new ReplayRequest(memoryId, toVersion, verify, exclusions, useSnapshots, deadline, policy);
    }

    public boolean bounded() {
        return toVersion != END_OF_LOG;
    }
}
