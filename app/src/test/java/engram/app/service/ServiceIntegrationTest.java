package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.FreePorts;
import engram.app.testing.Cli;
import engram.app.testing.HeadlessChromium;
import engram.app.testing.RunningService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service against a broker it did not start (configured bootstrap servers): ingest through the CLI and
 * the HTTP API, answers through the CLI and the HTTP API, then metrics and health. The engine is the
 * deterministic test engine; everything else is real (broker, topology, Streams, HTTP).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceIntegrationTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static RunningService service;
    static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start();
        bootstrap = broker.bootstrapServers();
        service = RunningService.start(Map.of(
                "engram.kafka.bootstrap-servers", bootstrap,
                "engram.state-dir", dir.resolve("streams").toString(),
                "engram.pool.snapshot-dir", dir.resolve("pools").toString(),
                "micronaut.server.port", -1));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void printsWhereItListens() {
        assertTrue(service.printed.contains("Engram is running"), service.printed);
        assertTrue(service.printed.contains("Kafka    " + bootstrap), service.printed);
        assertTrue(service.printed.contains("HTTP     " + service.url()), service.printed);
    }

    @Test
    @Order(2)
    void ingestThenAskThroughTheCommandLine() throws Exception {
        Cli ingest = Cli.run("ingest", "--bootstrap", bootstrap, "src/test/resources/feeds/fictional-news.jsonl");
        assertEquals(0, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("published 12 records to engram.news"), ingest::toString);
        assertTrue(ingest.err().contains("100% 12/12 lines"), ingest::toString);

        service.awaitBody("/api/status", b -> b.contains("\"version\":12"), Duration.ofSeconds(30));

        Cli ask = Cli.run("ask", "--bootstrap", bootstrap, "Who", "scored", "both", "goals", "for", "the", "Rovers?");
        assertEquals(0, ask.exitCode(), ask::toString);
        assertTrue(ask.out().contains("Nadia Oyelaran scored both goals"), ask::toString);
        assertTrue(ask.out().contains("(memory default, version 12,"), ask::toString);

        Cli json = Cli.run("ask", "--bootstrap", bootstrap, "--json", "How many metres long is the whale skeleton?");
        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(json.out().contains("\"status\":\"OK\""), json::toString);
        assertTrue(json.out().contains("24 metres long"), json::toString);

        Cli versions = Cli.run("versions", "--bootstrap", bootstrap, "--memory", "default");
        assertEquals(0, versions.exitCode(), versions::toString);
        assertEquals(13, versions.out().lines().count(), versions::toString); // header + 12 versions
    }

    @Test
    @Order(3)
    void ingestThenAskThroughHttp() throws Exception {
        HttpResponse<String> ingested = service.post("/api/ingest?memory=ops&kind=conversation", "text/plain",
                "alice: the backup server is in rack twelve\nnot a turn\nbob: thanks, the spare disks are in rack three\n");
        assertEquals(200, ingested.statusCode(), ingested.body());
        assertTrue(ingested.body().contains("\"published\":2"), ingested.body());
        assertTrue(ingested.body().contains("line 2: a conversation line reads 'speaker: text'"), ingested.body());
        HttpResponse<String> jsonLines = service.post("/api/ingest?memory=ops-json", "application/json",
                "{\"body\":\"one\"}\n{\"body\":\"two\"}\n");
        assertEquals(200, jsonLines.statusCode(), jsonLines.body());
        assertTrue(jsonLines.body().contains("\"published\":2"), jsonLines.body());

        service.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"ops\",\"version\":2"), Duration.ofSeconds(30));
        HttpResponse<String> answer = service.post("/api/ask", "application/json",
                "{\"memoryId\":\"ops\",\"question\":\"Which rack holds the backup server?\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("rack twelve"), answer.body());
        assertTrue(answer.body().contains("\"memoryVersion\":2"), answer.body());

        HttpResponse<String> tooLong = service.post("/api/ask", "application/json",
                "{\"question\":\"" + "why ".repeat(1001) + "\"}");
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("at most 4000 (engram.limits.max-question-chars)"), tooLong.body());

        Cli status = Cli.run("status", "--url", service.url());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("ops"), status::toString);
        assertTrue(status.out().contains("test-word-engine"), status::toString);

        HttpResponse<String> versions = service.get("/api/versions?memory=ops");
        assertTrue(versions.body().contains("\"version\":2"), versions.body());
    }

    @Test
    @Order(4)
    void metricsCountWhatHappened() throws Exception {
        String metrics = service.awaitBody("/prometheus",
                b -> b.contains("engram_queries_total{memory=\"ops\",status=\"OK\"} 1.0"), Duration.ofSeconds(10));
        assertTrue(metrics.contains("engram_updates_applied_total{memory=\"default\"} 12.0"), metrics);
        assertTrue(metrics.contains("engram_updates_applied_total{memory=\"ops\"} 2.0"), metrics);
        assertTrue(metrics.contains("engram_pool_version{memory=\"default\"} 12.0"), metrics);
        assertTrue(metrics.contains("engram_memory_lag{memory=\"default\"} 0.0"), metrics);
        assertTrue(metrics.contains("engram_answer_latency_seconds_count{memory=\"default\"} 2"), metrics);
        assertTrue(metrics.contains("engram_update_latency_seconds_count{memory=\"default\"} 12"), metrics);
    }

    @Test
    @Order(5)
    void healthIsUpAndNamesItsParts() throws Exception {
        HttpResponse<String> health = service.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        for (String part : new String[] {"engram-model", "engram-topology", "engram-kafka"}) {
            assertTrue(health.body().contains("\"" + part + "\""), health.body());
        }
        assertEquals(200, service.get("/health/readiness").statusCode());
        assertEquals(200, service.get("/health/liveness").statusCode());
    }

    @Test
    @Order(6)
    void theStatusPageShowsMemoriesVersionsAndAnswersInABrowser() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium installed (apt-get install chromium)");
        String dom = HeadlessChromium.dumpDom(chromium.get(), service.url() + "/", 10_000, dir.resolve("chromium"));
        assertTrue(dom.contains("data-loaded=\"true\""), dom);
        assertTrue(dom.contains("<tr data-memory=\"default\"><td>default</td><td class=\"num\">12</td>"), dom);
        assertTrue(dom.contains("<tr data-memory=\"ops\"><td>ops</td><td class=\"num\">2</td>"), dom);
        assertTrue(dom.contains("<svg width=\"600\" height=\"120\" data-memory=\"default\"><polyline"), dom);
        assertTrue(dom.contains("default: v1 → v12"), dom);
        assertTrue(dom.contains("<td class=\"OK\">OK</td>"), dom);
        assertTrue(dom.contains("rack twelve"), dom);
    }

    @Test
    @Order(7)
    void anUnknownMemoryIsNotAnError() throws Exception {
        assertTrue(Files.exists(dir.resolve("streams")), "Streams state lives where configured");
        Cli ask = Cli.run("ask", "--bootstrap", bootstrap, "--memory", "nobody", "--timeout", "15", "anything?");
        // the topology answers or rejects; either way the CLI must come back with an answer, not time out
        assertTrue(ask.exitCode() == 0 || ask.exitCode() == 3, ask::toString);
    }

    @Test
    @Order(8)
    void aRecordTheBrokerRefusesEndsTheIngestWithOneLine() throws Exception {
        Path huge = dir.resolve("huge.jsonl");
        Files.writeString(huge, "{\"body\":\"" + "word ".repeat(300_000) + "\"}\n");
        Cli ingest = Cli.run("ingest", "--bootstrap", bootstrap, huge.toString());
        assertEquals(2, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("engram ingest: publishing to engram.news failed (0 records acknowledged)"), ingest::toString);
        assertTrue(!ingest.err().contains("\tat "), ingest::toString);
    }

    @Test
    @Order(9)
    void ingestReadsStandardInput() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(
                    "mara: the ferry to Tessar leaves at seven\nolek: and returns at nine\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Cli ingest = Cli.run("ingest", "--bootstrap", bootstrap, "--kind", "conversation", "--memory", "chat", "-");
            assertEquals(0, ingest.exitCode(), ingest::toString);
            // one line for what was read, one for what was published: no progress redraws off a terminal
            assertEquals("read 2 lines\npublished 2 records to engram.conversations\n", ingest.err(), ingest::toString);
        } finally {
            System.setIn(stdin);
        }
        service.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"chat\",\"version\":2"), Duration.ofSeconds(30));
        Cli ask = Cli.run("ask", "--bootstrap", bootstrap, "--memory", "chat", "When does the ferry to Tessar leave?");
        assertEquals(0, ask.exitCode(), ask::toString);
        assertTrue(ask.out().contains("mara: the ferry to Tessar leaves at seven"), ask::toString);
    }
}
