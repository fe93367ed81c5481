package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import engram.app.cli.RunCommand;
import engram.app.kafka.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops the start with one line that says what to fix, never a stack trace. */
class BadConfigurationTest {
    @TempDir
    Path dir;

    /** Starts the service expecting failure; returns the single line it printed. */
    private String failedStart(Map<String, Object> settings) throws InterruptedException {
        Map<String, Object> p = new HashMap<>(settings);
        p.put("micronaut.server.port", -1);
        p.put("engram.state-dir", dir.resolve("streams").toString());
        p.putIfAbsent("engram.kafka.embedded-data-dir", dir.resolve("kafka").toString());
        p.putIfAbsent("engram.kafka.embedded-port", FreePorts.pair());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand.Started started = RunCommand.start(p, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertNull(started, "the service must not start");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.startsWith("engram run: "), printed);
        assertTrue(!printed.contains("Exception") && !printed.contains("\tat "), printed);
        return printed;
    }

    @Test
    void anUnreachableBrokerIsNamed() throws Exception {
        String bootstrap = "127.0.0.1:" + FreePorts.one();
        String line = failedStart(Map.of("engram.kafka.bootstrap-servers", bootstrap, "engram.kafka.connect-timeout", "2s"));
        assertTrue(line.contains("cannot reach Kafka at " + bootstrap), line);
        assertTrue(line.contains("ENGRAM_KAFKA_BOOTSTRAP_SERVERS"), line);
    }

    @Test
    void aMissingModelFolderIsNamed() throws Exception {
        Path missing = dir.resolve("no-such-model");
        String line = failedStart(Map.of("engram.test.engine", "real", "engram.model.path", missing.toString()));
        assertTrue(line.contains("model folder " + missing + " does not exist"), line);
        assertTrue(line.contains("ENGRAM_MODEL_PATH"), line);
    }

    @Test
    void aFolderWithoutConfigJsonIsNotAModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-model"));
        String line = failedStart(Map.of("engram.test.engine", "real", "engram.model.path", empty.toString()));
        assertTrue(line.contains("has no config.json"), line);
    }

    @Test
    void anUnknownDeviceIsNamed() throws Exception {
        String line = failedStart(Map.of("engram.test.engine", "real", "engram.model.device", "tpu"));
        assertTrue(line.contains("unknown device 'tpu'"), line);
        assertTrue(line.contains("auto, cpu or gpu"), line);
    }

    @Test
    void aGpuAskedForWhereThereIsNoneIsNamedBeforeKafkaIsAsked() throws Exception {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        String line = failedStart(Map.of("engram.test.engine", "real", "engram.home", "..",
                "engram.model.device", "gpu", "engram.kafka.connect-timeout", "2s",
                "engram.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.one()));
        assertTrue(line.contains("device 'gpu' requested but the PyTorch engine sees 0 GPU(s)"), line);
        assertTrue(line.contains("ENGRAM_MODEL_DEVICE"), line);
    }

    @Test
    void aTakenEmbeddedPortIsNamed() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String line = failedStart(Map.of("engram.kafka.embedded-port", taken.getLocalPort()));
            assertTrue(line.contains("cannot start the embedded Kafka broker on 127.0.0.1:" + taken.getLocalPort()), line);
            assertTrue(line.contains("ENGRAM_KAFKA_EMBEDDED_PORT"), line);
        }
    }

    @Test
    void aTakenHttpPortIsNamed() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Object> p = new HashMap<>();
            p.put("engram.state-dir", dir.resolve("streams").toString());
            p.put("engram.kafka.embedded-data-dir", dir.resolve("kafka").toString());
            p.put("engram.kafka.embedded-port", FreePorts.pair());
            p.put("micronaut.server.port", taken.getLocalPort());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunCommand.Started started = RunCommand.start(p, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertNull(started, "the service must not start");
            String line = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.contains("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort()), line);
            assertTrue(line.contains("MICRONAUT_SERVER_PORT"), line);
        }
    }
}
