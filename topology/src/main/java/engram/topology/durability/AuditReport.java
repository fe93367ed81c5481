package engram.topology.durability;

import java.util.ArrayList;
import java.util.List;

/** A replay's result as lines for a person (the {@code ./engram replay} output). */
public final class AuditReport {

    private AuditReport() {}

    public static List<String> lines(ReplayResult r) {
        List<String> out = new ArrayList<>();
        out.add("memory " + r.memoryId() + ": " + r.outcome() + (r.reason().isEmpty() ? "" : " - " + r.reason()));
        out.add("  started from " + (r.startedFrom() == null ? "the initial pool (version 0)"
                : "snapshot " + r.startedFrom().file() + " (version " + r.startVersion() + ")"));
        for (String passed : r.snapshotsPassedOver()) {
            out.add("  snapshot passed over: " + passed);
        }
        out.add("  reached version " + r.originalVersion() + (r.version() != r.originalVersion()
                ? " of the original (pool version " + r.version() + ")" : "") + ", checksum " + r.checksum());
        out.add(String.format("  applied %d updates in %.2f s (%.1f updates/s); skipped %d duplicates, %d invalid",
                r.applied(), r.elapsedNanos() / 1e9, r.updatesPerSecond(), r.duplicatesSkipped(), r.invalidSkipped()));
        out.add("  verified " + r.verified() + " versions against the versions topic");
        if (r.divergence() != null) {
            out.add("  FIRST DIVERGENCE " + r.divergence());
        }
        if (!r.exclusions().isEmpty()) {
            out.add("  excluded " + r.excludedUpdateIds().size() + " updates " + r.excludedUpdateIds() + " (asked: updates "
                    + r.exclusions().updateIds() + ", sources " + r.exclusions().sourceIds() + ")");
        }
        for (String problem : r.versionTopicProblems()) {
            out.add("  versions topic: " + problem);
        }
        return out;
    }
}
