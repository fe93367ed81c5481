package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.FreePorts;
import engram.app.testing.Cli;
import engram.app.testing.TinyModelFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./engram run} in a child JVM (the tiny real model, with pool snapshots) against a broker in this JVM; the
 * broker goes away under it and the child gets SIGTERM, as a container runtime or Ctrl-C would send. The stop must
 * end within the configured bound, print one line saying what was and was not flushed, and no stack trace.
 */
class StopWithoutKafkaTest {

    private static final Pattern HTTP = Pattern.compile("HTTP     (http://\\S+)");
    private static final long BOUND_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    void sigtermWithTheBrokerGoneStopsWithinTheBoundAndSaysWhatWasNotFlushed() throws Exception {
        Path model = TinyModelFolder.write(dir.resolve("model"));
        EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start();
        String bootstrap = broker.bootstrapServers();
        Path log = dir.resolve("child.log");
        Process child = null;
        try {
            child = startChild(broker.bootstrapServers(), model, log);
            String url = awaitUrl(child, log);
            Cli ingest = Cli.run("ingest", "--bootstrap", broker.bootstrapServers(),
                    "src/test/resources/feeds/fictional-news.jsonl");
            assertEquals(0, ingest.exitCode(), ingest::toString);
            awaitVersion(child, log, url, 12);

            broker.close();
            broker = null;
            long signalled = System.nanoTime();
            child.destroy(); // SIGTERM
            boolean ended = child.waitFor(BOUND_SECONDS + 20, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - signalled) / 1e9;
            String printed = Files.readString(log);
            assertTrue(ended, "still running " + seconds + " s after SIGTERM:\n" + printed);

            String afterSignal = printed.substring(printed.indexOf("engram: stopping"));
            System.out.printf("the child after SIGTERM (ended %.1f s later):%n%s", seconds, afterSignal);
            List<String> summaries = afterSignal.lines().filter(l -> l.startsWith("engram: stopped")).toList();
            assertEquals(1, summaries.size(), afterSignal);
            String summary = summaries.get(0);
            assertTrue(summary.contains("Kafka did not answer at " + bootstrap), summary);
            assertTrue(summary.contains("what it had not committed is applied again from the update log"), summary);
            assertTrue(summary.contains("pool snapshot"), summary);
            assertFalse(afterSignal.contains("\tat "), "no stack trace:\n" + afterSignal);
            assertFalse(afterSignal.contains("Exception"), "no exception text:\n" + afterSignal);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    private Process startChild(String bootstrap, Path model, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=engram.schemas",
                "-Dengram.test.engine=real",
                "-Dengram.model.path=" + model,
                "-Dengram.model.device=cpu",
                "-Dengram.state-dir=" + dir.resolve("streams"),
                "-Dengram.pool.snapshot-dir=" + dir.resolve("pools"),
                "-Dengram.shutdown-timeout=" + BOUND_SECONDS + "s",
                "-cp", System.getProperty("java.class.path"), "engram.app.Engram",
                "run", "--bootstrap", bootstrap, "--http-port", "-1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** Polls the child's output (with a deadline) until it prints where it listens. */
    private static String awaitUrl(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(log);
            Matcher m = HTTP.matcher(printed);
            if (printed.contains("Engram is running") && m.find()) {
                return m.group(1);
            }
            assertTrue(child.isAlive(), () -> "the child ended:\n" + printed);
            Thread.sleep(100); // polling a file with a deadline
        }
        throw new AssertionError("the child did not start:\n" + Files.readString(log));
    }

    private static void awaitVersion(Process child, Path log, String url, int version) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create(url + "/api/status")).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"version\":" + version)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child ended:\n" + Files.readString(log));
            }
            Thread.sleep(100); // polling the status API with a deadline
        }
        throw new AssertionError("version " + version + " never applied; last status " + body);
    }
}
