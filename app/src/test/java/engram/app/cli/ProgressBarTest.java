package engram.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Redraws only where a terminal shows them in place; elsewhere one final line. */
class ProgressBarTest {

    private final StringWriter written = new StringWriter();

    private ProgressBar bar(long total, boolean terminal) {
        return new ProgressBar(new PrintWriter(written), total, "line", terminal);
    }

    @Test
    void withoutATerminalOnlyTheFinalStateIsPrintedOnce() {
        ProgressBar stdin = bar(0, false);
        stdin.update(1);
        stdin.finish(1);
        assertEquals("read 1 line\n", written.toString()); // was "\r1 lines\r1 lines\n", shown as "1 lines1 lines"
    }

    @Test
    void aKnownTotalEndsWithTheFullBar() {
        ProgressBar file = bar(12, false);
        for (int i = 1; i <= 12; i++) {
            file.update(i);
        }
        file.message("news.jsonl:3: skipped: no body");
        file.finish(12);
        assertEquals("news.jsonl:3: skipped: no body\n[##############################] 100% 12/12 lines\n",
                written.toString());
    }

    @Test
    void inATerminalTheBarIsRedrawnInPlaceAndMessagesGoBelowIt() {
        ProgressBar terminal = bar(0, true);
        terminal.update(2);
        terminal.message("stdin:2: skipped: no body");
        terminal.finish(3);
        assertEquals("\rread 2 lines\nstdin:2: skipped: no body\n\rread 3 lines\n", written.toString());
    }
}
