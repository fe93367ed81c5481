package engram.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall time of the phases of one training step, printed when {@code -Dengram.train.profile=true} (the first thing
 * to look at when a step is slower than it should be). Does nothing otherwise.
 */
final class PhaseTimer {

    private static final boolean ENABLED = Boolean.getBoolean("engram.train.profile");

    private final List<String> lines = new ArrayList<>();
    private long last = System.nanoTime();

    /** Ends the phase that ran since the previous mark (or since construction) and names it. */
    void mark(String phase) {
        if (ENABLED) {
            long now = System.nanoTime();
            lines.add(String.format("%s %.0f ms", phase, (now - last) / 1e6));
            last = now;
        }
    }

    void print(PrintStream log) {
        if (ENABLED && !lines.isEmpty()) {
            log.println("  " + String.join(", ", lines));
        }
    }
}
