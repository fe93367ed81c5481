package engram.topology.recovery;

import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import engram.topology.durability.LogAccess;
import engram.topology.durability.SnapshotPolicy;
import engram.topology.durability.UpdateLogDurability;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.TinyMemoryLLM;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The service's core as the app runs it: a tiny real engine, the Engram topology with the durability hook, exactly
 * once against a broker. Used in-process by the restart test and as the child process of the crash test.
 */
final class DurableService implements AutoCloseable {

    final MemoryLLMEngine engine;
    final UpdateLogDurability durability;
    final KafkaStreams streams;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    DurableService(String bootstrapServers, TopologyConfig config, Path modelDir, Path snapshotDir, Path stateDir,
                   SnapshotPolicy policy) {
        this(bootstrapServers, config, modelDir, snapshotDir, stateDir, policy, Map.of());
    }

    /** @param streamsOverrides Kafka Streams settings on top of the topology's own (the crash child's timeouts) */
    DurableService(String bootstrapServers, TopologyConfig config, Path modelDir, Path snapshotDir, Path stateDir,
                   SnapshotPolicy policy, Map<String, Object> streamsOverrides) {
        engine = TinyMemoryLLM.engine(modelDir);
        durability = new UpdateLogDurability(engine, LogAccess.of(bootstrapServers, config.topics()), snapshotDir, 3,
                policy);
        streams = new KafkaStreams(EngramTopology.build(config, engine, durability), StreamsProperties.build(config,
                bootstrapServers, stateDir.toString(), overrides(streamsOverrides)));
        streams.setUncaughtExceptionHandler(error -> {
            failure.set(error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    private static Map<String, Object> overrides(Map<String, Object> more) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100));
        all.putAll(more);
        return all;
    }

    /** A clean stop: Streams commits and closes its tasks (which snapshot), then the engine closes. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        engine.close();
    }
}
