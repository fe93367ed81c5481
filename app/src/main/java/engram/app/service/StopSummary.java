package engram.app.service;

import java.time.Duration;
import java.util.Locale;

/**
 * What a stop of the service did, as the one line {@code ./engram run} prints last: whether the topology took its
 * last commit and closed, and whether the pools were snapshotted. Neither loses anything: what was not committed is
 * applied again from the update log on the next start, and a pool without a fresh snapshot is restored from its
 * last one plus the log; the line says which of the two the next start will do.
 *
 * @param took from the start of the stop to its end
 * @param bootstrapServers the broker asked
 * @param kafkaAnswered whether the broker answered when the stop began
 * @param waited how long the topology was given to close
 * @param topologyClosed whether every stream thread stopped within {@code waited}
 * @param snapshots whether the service keeps pool snapshots at all
 */
public record StopSummary(Duration took, String bootstrapServers, boolean kafkaAnswered, Duration waited,
                          boolean topologyClosed, boolean snapshots) {

    private static final String REAPPLIED = "applied again from the update log on the next start";

    StopSummary took(Duration took) {
        return new StopSummary(took, bootstrapServers, kafkaAnswered, waited, topologyClosed, snapshots);
    }

    public String line() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "engram: stopped in %.1f s; ",
                took.toMillis() / 1000.0));
        if (kafkaAnswered && topologyClosed) {
            line.append("the topology committed and closed");
        } else if (kafkaAnswered) {
            line.append("the topology did not close within ").append(seconds(waited))
                    .append("; what it had not committed is ").append(REAPPLIED);
        } else {
            line.append("Kafka did not answer at ").append(bootstrapServers).append(": the topology ")
                    .append(topologyClosed ? "closed without it" : "could not commit within " + seconds(waited)
                            + " (engram.shutdown-timeout)")
                    .append("; what it had not committed is ").append(REAPPLIED);
        }
        line.append("; ");
        if (!snapshots) {
            line.append("the engine keeps no pool snapshots");
        } else if (topologyClosed) {
            line.append("changed pools snapshotted");
        } else {
            line.append("pool snapshots not written (a stream thread may still use the pools), the next start "
                    + "restores them from the last snapshots and the log");
        }
        return line.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
