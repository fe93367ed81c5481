package engram.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngramCommandLineTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cli = Engram.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(expectedExit, cli.execute(args), () -> "exit code for " + String.join(" ", args) + "; stderr: " + err);
        return out + err.toString();
    }

    @Test
    void helpListsTheCommands() {
        String help = run(0, "--help");
        assertTrue(help.contains("Usage: engram"), help);
        assertTrue(help.contains("version"), help);
    }

    @Test
    void versionPrintsTheVersion() {
        assertTrue(run(0, "--version").startsWith("engram "));
    }

    @Test
    void anUnknownCommandFailsWithAMessage() {
        String out = run(2, "frobnicate");
        assertNotEquals(-1, out.indexOf("frobnicate"), out);
    }
}
