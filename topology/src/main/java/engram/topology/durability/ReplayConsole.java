package engram.topology.durability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The console side of {@code ./engram replay}: runs a rebuild with a progress bar, prints the audit report, writes
 * the result when asked, and turns the outcome into an exit status (0 complete, 1 diverged, 2 otherwise).
 */
public final class ReplayConsole {

    public static final int OK = 0;
    public static final int DIVERGED = 1;
    public static final int INCOMPLETE = 2;
    private static final int BAR = 30;

    private ReplayConsole() {}

    /**
     * @param out where to write the rebuilt pool as a snapshot file, or null
     */
    public static int run(Replayer replayer, ReplayRequest request, Path out, PrintStream console) throws IOException {
        ReplayResult result = replayer.replay(request, progress -> console.print("\r" + bar(progress)));
        try {
            console.println();
            AuditReport.lines(result).forEach(console::println);
            if (out != null && result.outcome() != ReplayResult.Outcome.DIVERGED) {
                replayer.write(result, out);
                console.println("  wrote version " + result.version() + " to " + out);
            }
            return switch (result.outcome()) {
                case COMPLETE -> OK;
                case DIVERGED -> DIVERGED;
                default -> INCOMPLETE;
            };
        } finally {
            result.pool().close();
        }
    }

    /** One progress line: a bar when the target is known, else the version reached. */
    static String bar(ReplayProgress p) {
        String rate = String.format("%.1f updates/s", p.updatesPerSecond());
        double fraction = p.fraction();
        if (fraction < 0) {
            return "memory " + p.memoryId() + ": version " + p.version() + ", " + rate;
        }
        int filled = (int) Math.round(fraction * BAR);
        return "memory " + p.memoryId() + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                + p.version() + "/" + p.targetVersion() + String.format(" %3.0f%% ", fraction * 100) + rate;
    }
}
