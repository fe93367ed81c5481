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
        for (String command : new String[] {"run", "ingest", "ask", "versions", "replay", "status"}) {
            assertTrue(help.contains("  " + command + " "), help);
        }
        assertTrue(help.contains("-V, --version"), help);
    }

    @Test
    void theBuildVersionIsAnOptionNotACommandBesideVersions() {
        assertTrue(run(0, "--version").startsWith("engram "));
        String out = run(2, "version");
        assertTrue(out.contains("'version'"), out);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "ingest", "ask", "versions", "replay", "status"}) {
            String help = run(0, command, "--help");
            assertTrue(help.contains("Usage: engram " + command), help);
        }
        assertTrue(run(0, "ask", "--help").contains("no answer within the timeout"));
        assertTrue(run(0, "ingest", "--help").contains("--kind=news|conversation"));
    }

    @Test
    void anUnreachableBrokerIsOneLineNotAStackTrace() {
        String out = run(2, "ask", "--bootstrap", "127.0.0.1:" + engram.app.kafka.FreePorts.one(), "--connect-timeout", "1", "hello?");
        assertTrue(out.contains("engram ask: cannot reach Kafka at 127.0.0.1:"), out);
        assertEquals(1, out.strip().lines().count(), out);
    }

    @Test
    void theDefaultBrokerHintNamesTheService() {
        // nothing listens on the default port in CI; if something does, the check is meaningless, so skip it
        org.junit.jupiter.api.Assumptions.assumeTrue(isFree(9092));
        String out = run(2, "versions", "--connect-timeout", "1");
        assertTrue(out.contains("is `./engram run` running?"), out);
    }

    @Test
    void statusWithoutAServiceSaysSo() {
        String out = run(2, "status", "--url", "http://127.0.0.1:" + engram.app.kafka.FreePorts.one());
        assertTrue(out.contains("engram status: no service at http://127.0.0.1:"), out);
    }

    @Test
    void ingestRefusesAMissingFileBeforeConnecting() {
        String out = run(2, "ingest", "--bootstrap", "127.0.0.1:1", "no/such/file.jsonl");
        assertTrue(out.contains("no such file: no/such/file.jsonl"), out);
    }

    @Test
    void anUnknownKindIsAUsageError() {
        String out = run(2, "ingest", "--kind", "poetry", "x");
        assertTrue(out.contains("poetry"), out);
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void anUnknownCommandFailsWithAMessage() {
        String out = run(2, "frobnicate");
        assertNotEquals(-1, out.indexOf("frobnicate"), out);
    }
}
