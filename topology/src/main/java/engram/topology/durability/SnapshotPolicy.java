package engram.topology.durability;

import java.time.Duration;

/**
 * When a pool is due for a snapshot: after {@code everyUpdates} updates since the last one, or when
 * {@code everyInterval} has passed since the last one and at least one update was applied meanwhile. Restart then
 * re-applies at most {@code everyUpdates} updates per memory, however long the history.
 *
 * @param everyUpdates updates between snapshots (at least 1)
 * @param everyInterval longest time a changed pool goes without a snapshot; {@link Duration#ZERO} for no time rule
 */
public record SnapshotPolicy(long everyUpdates, Duration everyInterval) {

    /** The service default: every 500 updates or 5 minutes. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(500, Duration.ofMinutes(5));

    public SnapshotPolicy {
        if (everyUpdates < 1) {
            throw new IllegalArgumentException("everyUpdates must be >= 1, got " + everyUpdates);
        }
        if (everyInterval.isNegative()) {
            throw new IllegalArgumentException("everyInterval must not be negative, got " + everyInterval);
        }
    }

    public static SnapshotPolicy everyUpdates(long updates) {
        return new SnapshotPolicy(updates, Duration.ZERO);
    }

    /**
     * @param updatesSinceLast updates applied since the last snapshot (or since version 0)
     * @param sinceLast time since the last snapshot (or since the pool was first seen)
     */
    public boolean due(long updatesSinceLast, Duration sinceLast) {
        if (updatesSinceLast <= 0) {
            return false;
        }
        return updatesSinceLast >= everyUpdates
                || (!everyInterval.isZero() && sinceLast.compareTo(everyInterval) >= 0);
    }
}
