package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.cli.RunCommand;
import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.FreePorts;
import engram.app.testing.Cli;
import engram.app.testing.RunningService;
import engram.app.testing.TinyModelFolder;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.topology.durability.SnapshotStore;
import engram.topology.durability.StoredSnapshot;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real (tiny) model, restarted on the same broker data: it restores the memory from its
 * snapshots plus the updates after them and continues at the right versions (the checksums of an uninterrupted
 * engine); then {@code ./engram replay} audits, rebuilds and forgets, and {@code ./engram ask --as-of} answers
 * from an earlier version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurableServiceIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static Path model;
    static Path snapshots;

    @BeforeAll
    static void start() throws Exception {
        model = TinyModelFolder.write(dir.resolve("model"));
        snapshots = dir.resolve("pools");
        broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static RunningService service(String stateDir) throws InterruptedException {
        return RunningService.start(Map.of(
                "engram.kafka.bootstrap-servers", broker.bootstrapServers(),
                "engram.state-dir", dir.resolve(stateDir).toString(),
                "engram.test.engine", "real",
                "engram.model.path", model.toString(),
                "engram.model.device", "cpu",
                "engram.pool.snapshot-dir", snapshots.toString(),
                "engram.pool.snapshot-every", 4,
                "micronaut.server.port", -1));
    }

    private static Path feed(String name, int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append("{\"id\":\"article-").append(i).append("\",\"body\":\"Report ").append(i)
                    .append(": the harbour office counted ").append(i * 7).append(" ships and ").append(i + 3)
                    .append(" cranes on the north quay this week.\"}\n");
        }
        return Files.writeString(dir.resolve(name), lines.toString());
    }

    @Test
    @Order(1)
    void restartedServiceRestoresThePoolAndContinuesAtTheRightVersions() throws Exception {
        EngramService stopped;
        try (RunningService first = service("streams-1")) {
            stopped = first.started.service();
            assertTrue(first.printed.contains("  Pools    " + snapshots.toAbsolutePath().normalize()
                    + "  (snapshot every 4 updates"), first.printed);
            Cli ingest = Cli.run("ingest", "--bootstrap", broker.bootstrapServers(), feed("a.jsonl", 0, 10).toString());
            assertEquals(0, ingest.exitCode(), ingest::toString);
            first.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"default\",\"version\":10"), WAIT);
        }
        String stop = stopped.stopSummary().line();
        assertTrue(stop.contains("the topology committed and closed; changed pools snapshotted"), stop);
        try (MemoryLLMEngine reader = new MemoryLLMEngine(MemoryLLM.load(model, EngineOptions.cpu()))) {
            SnapshotStore store = new SnapshotStore(reader, snapshots, 3);
            assertEquals(10, store.latest("default").map(StoredSnapshot::version).orElse(-1L), "snapshot on stop");
            Files.delete(store.latest("default").orElseThrow().file()); // as if killed: recovery replays 9 and 10
        }

        try (RunningService second = service("streams-2")) {
            Cli ingest = Cli.run("ingest", "--bootstrap", broker.bootstrapServers(), feed("b.jsonl", 10, 16).toString());
            assertEquals(0, ingest.exitCode(), ingest::toString);
            second.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"default\",\"version\":16"), WAIT);
        }
        List<MemoryUpdate> updates = read("engram.updates", new AvroCodec<>(MemoryUpdate.class));
        List<MemoryVersion> versions = read("engram.versions", new AvroCodec<>(MemoryVersion.class));
        assertEquals(16, updates.size());
        assertEquals(16, versions.size(), "each version announced once");
        try (MemoryLLMEngine uninterrupted = new MemoryLLMEngine(MemoryLLM.load(model, EngineOptions.cpu()))) {
            for (int i = 0; i < 16; i++) {
                MemoryUpdate u = updates.get(i);
                String checksum = uninterrupted.selfUpdate(u.getMemoryId(), UpdateInput.of(u)).poolChecksum();
                assertEquals(i + 1, versions.get(i).getVersion(), "consecutive versions");
                assertEquals(u.getUpdateId(), versions.get(i).getUpdateId());
                assertEquals(checksum, versions.get(i).getPoolChecksum(), "version " + (i + 1));
            }
        }
    }

    @Test
    @Order(2)
    void replayAuditsRebuildsAndForgets() throws Exception {
        String bootstrap = broker.bootstrapServers();
        Cli audit = Cli.run("replay", "--bootstrap", bootstrap, "--memory", "default", "--verify", "--no-snapshots",
                "--model", model.toString());
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.out().contains("memory default: COMPLETE"), audit::toString);
        assertTrue(audit.out().contains("verified 16 versions"), audit::toString);
        assertTrue(audit.err().contains("16/16 updates"), "progress bar: " + audit);
        assertTrue(audit.err().contains("updates/s"), "throughput: " + audit);

        Path file = dir.resolve("v5.safetensors");
        Cli earlier = Cli.run("replay", "--bootstrap", bootstrap, "--memory", "default", "--to-version", "5",
                "--verify", "--out", file.toString(), "--model", model.toString(), "--snapshot-dir", snapshots.toString());
        assertEquals(0, earlier.exitCode(), earlier::toString);
        assertTrue(earlier.out().contains("reached version 5"), earlier::toString);
        assertTrue(Files.size(file) > 0);

        Cli tooFar = Cli.run("replay", "--bootstrap", bootstrap, "--memory", "default", "--to-version", "99",
                "--model", model.toString(), "--snapshot-dir", snapshots.toString());
        assertEquals(3, tooFar.exitCode(), tooFar::toString);

        Cli forget = Cli.run("replay", "--bootstrap", bootstrap, "--memory", "default", "--exclude", "news.jsonl#0",
                "--exclude", "article-3", "--install-as", "default-clean", "--model", model.toString(),
                "--snapshot-dir", snapshots.toString());
        assertEquals(0, forget.exitCode(), forget::toString);
        assertTrue(forget.out().contains("excluded 1 updates"), forget::toString);
        assertTrue(forget.out().contains("memory default-clean starts at version 15"), forget::toString);
    }

    @Test
    @Order(3)
    void askAsOfAnEarlierVersion() throws Exception {
        try (RunningService third = service("streams-3")) {
            String bootstrap = broker.bootstrapServers();
            // first question after the restart, as of an earlier version: the pool is restored first
            Cli asOf = Cli.run("ask", "--bootstrap", bootstrap, "--as-of", "6", "--max-new-tokens", "4", "How", "many",
                    "ships?");
            assertEquals(0, asOf.exitCode(), asOf::toString);
            assertTrue(asOf.out().contains("(memory default, version 6,"), asOf::toString);
            Cli now = Cli.run("ask", "--bootstrap", bootstrap, "--max-new-tokens", "4", "How", "many", "ships?");
            assertEquals(0, now.exitCode(), now::toString);
            assertTrue(now.out().contains("(memory default, version 16,"), now::toString);
            Cli future = Cli.run("ask", "--bootstrap", bootstrap, "--as-of", "40", "How", "many", "ships?");
            assertEquals(3, future.exitCode(), future::toString);
            assertTrue(future.err().contains("VERSION_UNAVAILABLE"), future::toString);
            // longer than the model's 1024 positions: bad input, not a failure of the engine
            Cli tooLong = Cli.run("ask", "--bootstrap", bootstrap, "How many ships? ".repeat(400));
            assertEquals(3, tooLong.exitCode(), tooLong::toString);
            assertTrue(tooLong.err().contains("QUESTION_TOO_LONG: the question takes "), tooLong::toString);
            assertTrue(!tooLong.err().contains("Exception"), tooLong::toString);
            Cli after = Cli.run("ask", "--bootstrap", bootstrap, "--max-new-tokens", "4", "How", "many", "ships?");
            assertEquals(0, after.exitCode(), "the service keeps answering: " + after);
        }
    }

    @Test
    @Order(4)
    void theServiceAdoptsAMemoryInstalledByReplay() throws Exception {
        try (RunningService fourth = service("streams-4")) {
            Cli ingest = Cli.run("ingest", "--bootstrap", broker.bootstrapServers(), "--memory", "default-clean",
                    feed("c.jsonl", 100, 101).toString());
            assertEquals(0, ingest.exitCode(), ingest::toString);
            fourth.awaitBody("/api/status", b -> b.contains("\"memoryId\":\"default-clean\",\"version\":16"), WAIT);
        }
        List<MemoryUpdate> updates = read("engram.updates", new AvroCodec<>(MemoryUpdate.class));
        List<MemoryVersion> clean = read("engram.versions", new AvroCodec<>(MemoryVersion.class)).stream()
                .filter(v -> v.getMemoryId().equals("default-clean")).toList();
        assertEquals(1, clean.size(), "the installed memory continues at version 16: " + clean);
        assertEquals(16, clean.get(0).getVersion());
        // the same pool by hand: the original's updates without article-3, then the new one, on one pool
        try (MemoryLLMEngine byHand = new MemoryLLMEngine(MemoryLLM.load(model, EngineOptions.cpu()))) {
            String checksum = null;
            List<MemoryUpdate> ordered = new ArrayList<>(updates.stream()
                    .filter(u -> u.getMemoryId().equals("default")).toList());
            ordered.addAll(updates.stream().filter(u -> u.getMemoryId().equals("default-clean")).toList());
            assertEquals(17, ordered.size());
            for (MemoryUpdate u : ordered) {
                if (!u.getSourceId().equals("article-3")) {
                    checksum = byHand.selfUpdate("default", UpdateInput.of(u)).poolChecksum();
                }
            }
            assertEquals(checksum, clean.get(0).getPoolChecksum());
        }
    }

    @Test
    @Order(5)
    void replayVerifyReportsATamperedVersionEvent() throws Exception {
        MemoryVersion original = read("engram.versions", new AvroCodec<>(MemoryVersion.class)).stream()
                .filter(v -> v.getMemoryId().equals("default") && v.getVersion() == 7).findFirst().orElseThrow();
        MemoryVersion forged = MemoryVersion.newBuilder(original).setPoolChecksum("0".repeat(64)).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("engram.versions",
                    "default".getBytes(StandardCharsets.UTF_8),
                    new AvroCodec<>(MemoryVersion.class).encode(forged))).get();
        }
        Cli audit = Cli.run("replay", "--bootstrap", broker.bootstrapServers(), "--memory", "default", "--verify",
                "--no-snapshots", "--model", model.toString());
        assertEquals(1, audit.exitCode(), audit::toString);
        assertTrue(audit.out().contains("memory default: DIVERGED"), audit::toString);
        assertTrue(audit.out().contains("FIRST DIVERGENCE"), audit::toString);
    }

    @Test
    @Order(6)
    void aServiceOnAnotherModelRefusesTheHistoryAtStartup() throws Exception {
        // what a replaced bundled model meets: versions applied by the old one, which it cannot rebuild
        Path replacement = TinyModelFolder.write(dir.resolve("replacement-model"), 2);
        String oldId;
        String newId;
        try (MemoryLLM a = MemoryLLM.load(model, EngineOptions.cpu());
             MemoryLLM b = MemoryLLM.load(replacement, EngineOptions.cpu())) {
            oldId = a.modelId();
            newId = b.modelId();
        }
        Map<String, Object> p = new HashMap<>(Map.of(
                "engram.kafka.bootstrap-servers", broker.bootstrapServers(),
                "engram.state-dir", dir.resolve("streams-replacement").toString(),
                "engram.test.engine", "real",
                "engram.model.path", replacement.toString(),
                "engram.model.device", "cpu",
                "engram.pool.snapshot-dir", snapshots.toString(),
                "micronaut.server.port", -1));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand.Started started = RunCommand.start(p, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertNull(started, "the service must not start on a history of another model: " + printed);
        assertTrue(printed.startsWith("engram run: ") && printed.contains(oldId) && printed.contains(newId), printed);
        assertTrue(printed.contains("--model") && printed.contains(".engram/"), printed);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(String topic, AvroCodec<T> codec) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(codec.decode(r.value()));
                }
            }
        }
        return out;
    }
}
