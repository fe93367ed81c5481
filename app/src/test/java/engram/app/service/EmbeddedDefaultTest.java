package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.kafka.FreePorts;
import engram.app.testing.Cli;
import engram.app.testing.RunningService;
import engram.app.testing.WordMemoryEngine;
import engram.topology.engine.MemoryEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default: no Kafka address configured, so the service starts its own broker. Only the port and
 * the data directories are moved (tests run next to other builds on this machine; the defaults are 9092 and
 * .engram/ under the working directory). A second start reuses the broker's data.
 */
class EmbeddedDefaultTest {
    @TempDir
    Path dir;

    @Test
    void startsItsOwnBrokerAndKeepsItsDataAcrossRestarts() throws Exception {
        int port = FreePorts.pair();
        Map<String, Object> onlyWhereToPutThings = Map.of(
                "engram.kafka.embedded-port", port,
                "engram.kafka.embedded-data-dir", dir.resolve("kafka").toString(),
                "engram.state-dir", dir.resolve("streams").toString(),
                "engram.pool.snapshot-dir", dir.resolve("pools").toString(),
                "micronaut.server.port", -1);
        String bootstrap = "127.0.0.1:" + port;

        WordMemoryEngine engine;
        try (RunningService service = RunningService.start(onlyWhereToPutThings)) {
            engine = (WordMemoryEngine) service.started.context().getBean(MemoryEngine.class);
            assertTrue(service.printed.contains("Kafka    " + bootstrap + "  (embedded broker"), service.printed);
            assertTrue(Files.isRegularFile(dir.resolve("kafka/meta.properties")), "the broker formatted its directory");
            // the quick start's `./engram status` before anything was ingested
            String fresh = service.get("/api/status").body();
            assertTrue(fresh.contains("\"memories\":[],\"recentAnswers\":[]"), fresh);
            Cli status = Cli.run("status", "--url", service.url());
            assertEquals(0, status.exitCode(), status::toString);
            assertTrue(status.out().contains("no memories yet: ingest something"), status::toString);
            assertEquals("", status.err(), status::toString);
            Cli ingest = Cli.run("ingest", "--bootstrap", bootstrap, "--memory", "m1", "src/test/resources/feeds/fictional-news.jsonl");
            assertEquals(0, ingest.exitCode(), ingest::toString);
            service.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"m1\",\"version\":12"), Duration.ofSeconds(30));
            assertTrue(service.get("/api/status").body().contains("\"embedded\":true"));
            assertFalse(engine.isClosed());
        }
        assertTrue(engine.isClosed(), "stopping the service closes the engine");

        // after a restart the update log and versions are still there (the test engine's pools are not: it keeps
        // them in memory, so the status is read from the topics the observer replays)
        try (RunningService again = RunningService.start(onlyWhereToPutThings)) {
            again.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"m1\",\"version\":12"), Duration.ofSeconds(30));
        }
    }
}
