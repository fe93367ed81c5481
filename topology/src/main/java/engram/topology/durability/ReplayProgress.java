package engram.topology.durability;

/**
 * A progress report of a running rebuild, sent about every {@link Replayer#PROGRESS_EVERY_MILLIS} ms and once at
 * the end.
 *
 * @param memoryId the memory being rebuilt
 * @param version the version the rebuild has reached (original numbering)
 * @param startVersion where it started (the snapshot's version, or 0)
 * @param targetVersion where it stops, or -1 when it reads to the end of the log
 * @param applied self-updates applied so far
 * @param elapsedNanos time since reading started
 */
public record ReplayProgress(String memoryId, long version, long startVersion, long targetVersion, long applied,
                             long elapsedNanos) {

    /** Self-updates per second so far. */
    public double updatesPerSecond() {
        return elapsedNanos == 0 ? 0 : applied * 1e9 / elapsedNanos;
    }

    /** Completed fraction in [0, 1], or -1 when the target is not known. */
    public double fraction() {
        if (targetVersion < 0) {
            return -1;
        }
        long span = targetVersion - startVersion;
        return span <= 0 ? 1 : Math.min(1, (double) (version - startVersion) / span);
    }

    /** Receives progress reports; must be quick (it runs on the rebuilding thread). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = progress -> { };

        void onProgress(ReplayProgress progress);
    }
}
