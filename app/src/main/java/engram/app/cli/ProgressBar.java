package engram.app.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second: {@code [#####-----] 50% 12/24 records}.
 * With an unknown total it shows a running count.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final long total;
    private final String unit;
    private long lastDraw;

    /** @param total the expected count, or 0 when unknown */
    ProgressBar(PrintWriter out, long total, String unit) {
        this.out = out;
        this.total = total;
        this.unit = unit;
    }

    private String suffix = "";

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw >= 100_000_000L) {
            lastDraw = now;
            draw(done);
        }
    }

    /** With a note after the count, e.g. the current rate. */
    void update(long done, String note) {
        suffix = note.isEmpty() ? "" : "  " + note;
        update(done);
    }

    void finish(long done) {
        draw(done);
        out.println();
    }

    private void draw(long done) {
        if (total <= 0) {
            out.print("\r" + done + " " + unit + suffix);
        } else {
            long shown = Math.min(done, total);
            int filled = (int) (WIDTH * shown / total);
            out.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + (100 * shown / total) + "% "
                    + done + "/" + total + " " + unit + suffix);
        }
        out.flush();
    }
}
