package engram.topology.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.TopologyConfig;
import engram.topology.durability.SnapshotPolicy;
import engram.topology.durability.SnapshotStore;
import engram.topology.durability.StoredSnapshot;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.TinyMemoryLLM;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service restarted on the same broker data resumes at the committed versions: the new engine's pools start
 * empty, the durability hook restores each memory from its latest snapshot plus the updates after it, and the
 * versions announced across both runs equal an uninterrupted run's (each once, consecutive, same checksums).
 */
class RestartIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void restartRestoresFromSnapshotsAndContinuesAtTheRightVersions() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-restart").withPartitions(2);
        broker.ensureTopics(config);
        Path model = TinyMemoryLLM.write(dir.resolve("model"));
        Path snapshots = dir.resolve("snapshots");
        Map<String, List<String>> reference;
        UpdateStream stream;
        try (MemoryLLMEngine uninterrupted = TinyMemoryLLM.engine(model)) {
            stream = new UpdateStream(List.of("m", "n"), 240, uninterrupted.tokenizerId(), uninterrupted.modelId());
            reference = stream.referenceChecksums(uninterrupted);
        }
        SnapshotPolicy every25 = SnapshotPolicy.everyUpdates(25);

        // first run: 120 updates (60 per memory); snapshots at 25 and 50, and at 60 on the clean stop
        stream.send(broker.bootstrapServers(), config.topics().updates(), 0, 120);
        try (DurableService first = new DurableService(broker.bootstrapServers(), config, model, snapshots,
                dir.resolve("state-1"), every25);
             KafkaTestBroker.TopicReader versions = broker.reader(config.topics().versions())) {
            versions.until(r -> first.failure.get() != null || r.size() >= 120, WAIT, "120 versions");
            assertNull(first.failure.get(), () -> "the first run failed: " + first.failure.get());
        }
        try (MemoryLLMEngine reader = TinyMemoryLLM.engine(model)) {
            SnapshotStore store = new SnapshotStore(reader, snapshots, 3);
            assertEquals(60, store.latest("m").map(StoredSnapshot::version).orElse(-1L), "snapshot flushed on close");
            // lose m's newest snapshot (as a kill before the close would): m must re-apply 10 updates after version 50
            Files.delete(store.latest("m").orElseThrow().file());
        }

        // second run: a new engine (empty pools) and a new state folder (Streams restores it from the changelog)
        stream.send(broker.bootstrapServers(), config.topics().updates(), 120, 240);
        try (DurableService second = new DurableService(broker.bootstrapServers(), config, model, snapshots,
                dir.resolve("state-2"), every25);
             KafkaTestBroker.TopicReader versions = broker.reader(config.topics().versions())) {
            versions.until(r -> second.failure.get() != null || r.size() >= 240, WAIT, "240 versions");
            assertNull(second.failure.get(), () -> "the second run failed: " + second.failure.get());
            List<ConsumerRecord<byte[], byte[]>> all = versions.drain(Duration.ofMillis(500));
            UpdateStream.assertVersions(all, stream.countsUpTo(240), reference);
            assertEquals(2, second.durability.recoveries(), "each memory restored once");
            assertEquals(10, second.durability.reapplied(), "m from 50 (+10), n from its flushed 60 (+0)");
            assertTrue(second.durability.snapshotsWritten() >= 4, "snapshots continue: 75, 100 and 120 per memory");
        }
    }

    /** What the hook fixes: without it the restarted topology's empty pools disagree with the committed versions. */
    @Test
    void withoutTheHookARestartedTopologyStopsOutOfSync() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-restart-none");
        broker.ensureTopics(config);
        Path model = TinyMemoryLLM.write(dir.resolve("model"));
        UpdateStream stream;
        try (MemoryLLMEngine e = TinyMemoryLLM.engine(model)) {
            stream = new UpdateStream(List.of("m"), 6, e.tokenizerId(), e.modelId());
        }
        stream.send(broker.bootstrapServers(), config.topics().updates(), 0, 5);
        try (Plain first = new Plain(broker, config, model, dir.resolve("state-1"));
             KafkaTestBroker.TopicReader versions = broker.reader(config.topics().versions())) {
            versions.until(r -> r.size() >= 5 || first.failure.get() != null, WAIT, "5 versions");
        }
        stream.send(broker.bootstrapServers(), config.topics().updates(), 5, 6);
        try (Plain second = new Plain(broker, config, model, dir.resolve("state-2"))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (second.failure.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling for the stream thread's failure with a deadline
            }
            Throwable failure = second.failure.get();
            assertTrue(failure != null && chain(failure).contains("PoolOutOfSyncException"),
                    () -> "expected PoolOutOfSyncException, got " + failure);
        }
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The topology on a fresh tiny engine, with no durability hook. */
    private static final class Plain implements AutoCloseable {
        final MemoryLLMEngine engine;
        final org.apache.kafka.streams.KafkaStreams streams;
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        Plain(KafkaTestBroker broker, TopologyConfig config, Path model, Path state) {
            engine = TinyMemoryLLM.engine(model);
            streams = new org.apache.kafka.streams.KafkaStreams(engram.topology.EngramTopology.build(config, engine),
                    engram.topology.StreamsProperties.build(config, broker.bootstrapServers(), state.toString(),
                            Map.of(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100)));
            streams.setUncaughtExceptionHandler(error -> {
                failure.set(error);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            streams.start();
        }

        @Override
        public void close() {
            streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            engine.close();
        }
    }
}
