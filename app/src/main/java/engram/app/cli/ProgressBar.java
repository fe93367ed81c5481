package engram.app.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr: {@code [#####-----] 50% 12/24 lines}, or {@code read 12 lines} when the
 * total is unknown. In a terminal it is redrawn in place at most ten times a second; otherwise (a pipe, a log file,
 * a test) carriage returns would pile the redraws up on one line, so only the final state is printed, once.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final long total;
    private final String unit;
    private final boolean redraw;
    private long lastDraw;
    private boolean midLine;
    private String suffix = "";

    /**
     * @param total the expected count, or 0 when unknown
     * @param unit the singular noun counted ("line"; an "s" is added for other counts than one)
     */
    ProgressBar(PrintWriter out, long total, String unit) {
        this(out, total, unit, System.console() != null);
    }

    /** @param redraw whether to redraw in place while counting (a terminal) or print the final state only */
    ProgressBar(PrintWriter out, long total, String unit, boolean redraw) {
        this.out = out;
        this.total = total;
        this.unit = unit;
        this.redraw = redraw;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (redraw && now - lastDraw >= 100_000_000L) {
            lastDraw = now;
            draw(done);
        }
    }

    /** With a note after the count, e.g. the current rate. */
    void update(long done, String note) {
        suffix = note.isEmpty() ? "" : "  " + note;
        update(done);
    }

    /** Prints a line of its own, below the bar if one is drawn. */
    void message(String line) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println(line);
        out.flush();
    }

    void finish(long done) {
        draw(done);
        out.println();
        out.flush();
        midLine = false;
    }

    private void draw(long done) {
        String text;
        if (total <= 0) {
            text = "read " + done + " " + plural(done) + suffix;
        } else {
            long shown = Math.min(done, total);
            int filled = (int) (WIDTH * shown / total);
            text = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + (100 * shown / total) + "% "
                    + done + "/" + total + " " + plural(total) + suffix;
        }
        out.print(redraw ? "\r" + text : text);
        out.flush();
        midLine = true;
    }

    private String plural(long n) {
        return n == 1 ? unit : unit + "s";
    }
}
