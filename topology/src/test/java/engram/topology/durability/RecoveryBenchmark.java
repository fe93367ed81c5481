package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.topology.engine.AppliedUpdate;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import engram.topology.TopologyConfig;
import engram.topology.apply.MemoryState;
import engram.topology.apply.UpdateRules;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import engram.topology.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the test run (the name does not end in Test): run with
 * {@code mvn -pl topology -am test -Dtest=RecoveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dengram.bench.updates=10499] [-Dengram.bench.snapshotEvery=500]}.
 *
 * <p>A service applies N updates of one memory, snapshotting every M through the durability hooks, and is killed
 * (no shutdown snapshot). Prints: the engine-only apply rate, a full replay's rate from Kafka (and the ratio),
 * and the restart: how many updates it re-applied and how long it took against the full replay.
 */
class RecoveryBenchmark {

    private static MemoryVersion event(MemoryUpdate u, AppliedUpdate applied, RecordMetadata at) {
        return MemoryVersion.newBuilder().setMemoryId(u.getMemoryId()).setVersion(applied.version())
                .setUpdateId(u.getUpdateId()).setUpdateLog(new SourceCoordinates(at.topic(), at.partition(), at.offset()))
                .setSource(u.getSource()).setSourceId(u.getSourceId()).setTokenCount(u.getTokenIds().size())
                .setDropSeed(applied.dropSeed()).setPoolChecksum(applied.poolChecksum()).setModelId(u.getModelId())
                .setAppliedAt(Instant.now()).setDurationMicros(applied.durationMicros()).build();
    }

    private static void announce(KafkaTestBroker broker, String topic, String key, List<MemoryVersion> events)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (MemoryVersion v : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        ServiceHistory.VERSION_CODEC.encode(v))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    @Test
    void restartAfterAKillReappliesAtMostTheSnapshotInterval() throws Exception {
        // default: past 10,000 and one short of the next snapshot, the worst case for a restart
        int n = Integer.getInteger("engram.bench.updates", 10_499);
        int every = Integer.getInteger("engram.bench.snapshotEvery", 500);
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("bench-recovery").withPartitions(1);
        broker.ensureTopics(config);
        Path modelDir = TinyMemoryLLM.write(Files.createTempDirectory("engram-bench-model"));
        Path snapshots = Files.createTempDirectory("engram-bench-snapshots");
        LogAccess logs = LogAccess.of(broker.bootstrapServers(), config.topics());
        String memory = "bench";

        List<MemoryUpdate> updates = new ArrayList<>(n);
        List<RecordMetadata> written = new ArrayList<>(n);
        MemoryState state = MemoryState.empty();
        long applyNanos = 0;
        try (MemoryLLMEngine service = TinyMemoryLLM.engine(modelDir)) {
            Random random = new Random(3);
            for (int i = 0; i < n; i++) {
                MemoryUpdate u = ServiceHistory.update(service, memory, i, 0, 1, random);
                updates.add(u);
                written.add(broker.send(config.topics().updates(), memory.getBytes(StandardCharsets.UTF_8),
                        ServiceHistory.UPDATE_CODEC.encode(u)));
            }
            UpdateLogDurability durability = new UpdateLogDurability(service, logs, snapshots, 3,
                    SnapshotPolicy.everyUpdates(every));
            long started = System.nanoTime();
            List<MemoryVersion> announced = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MemoryUpdate u = updates.get(i);
                AppliedUpdate applied = service.selfUpdate(memory, UpdateInput.of(u));
                state = UpdateRules.after(state, applied.version(), u);
                RecordMetadata at = written.get(i);
                durability.applied(memory, state, new SourceCoordinates(at.topic(), at.partition(), at.offset()));
                announced.add(event(u, applied, at));
            }
            applyNanos = System.nanoTime() - started;
            announce(broker, config.topics().versions(), memory, announced); // what the service's versions topic holds
        } // killed

        try (MemoryLLMEngine restarted = TinyMemoryLLM.engine(modelDir)) {
            Replayer full = new Replayer(restarted, logs, null);
            ReplayResult all = full.replay(ReplayRequest.of(memory)); // verified: every checksum
            assertEquals(ReplayResult.Outcome.COMPLETE, all.outcome(), all.reason());
            all.pool().close();
            UpdateLogDurability durability = new UpdateLogDurability(restarted, logs, snapshots, 3,
                    SnapshotPolicy.everyUpdates(every));
            long started = System.nanoTime();
            PoolRecovery.Recovered recovered = durability.recover(memory, state);
            long recoverNanos = System.nanoTime() - started;

            double engineRate = n * 1e9 / applyNanos;
            System.out.printf("service apply (engine + snapshot hooks, JVM warming up): %d updates in %.2f s = %.0f updates/s%n", n,
                    applyNanos / 1e9, engineRate);
            System.out.printf("full verified replay from Kafka: %d updates in %.2f s = %.0f updates/s (%.2fx the service apply)%n",
                    all.applied(), all.elapsedNanos() / 1e9, all.updatesPerSecond(),
                    all.updatesPerSecond() / engineRate);
            System.out.printf("restart after kill: snapshot of version %d + %d re-applied updates in %.2f s "
                            + "(full replay %.2f s, %.1fx faster)%n", recovered.snapshotVersion(),
                    recovered.reapplied(), recoverNanos / 1e9, all.elapsedNanos() / 1e9,
                    (double) all.elapsedNanos() / recoverNanos);
            assertEquals(n, restarted.version(memory));
            assertEquals(n, all.applied());
            assertTrue(recovered.reapplied() <= every, "re-applied " + recovered.reapplied());
        }
    }
}
