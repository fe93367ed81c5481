package engram.topology.testing;

import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The Engram topology running on a real broker, exactly once, until closed. */
public final class RunningStreams implements AutoCloseable {

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public RunningStreams(TopologyConfig config, engram.topology.engine.MemoryEngine engine, String bootstrapServers)
            throws Exception {
        Path stateDir = Files.createTempDirectory("engram-streams");
        streams = new KafkaStreams(EngramTopology.build(config, engine), StreamsProperties.build(config,
                bootstrapServers, stateDir.toString(), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100)));
        streams.setUncaughtExceptionHandler(error -> {
            failure.set(error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        if (!running.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("streams did not reach RUNNING: " + streams.state(), failure.get());
        }
    }

    /** Each local stream thread's name to the ids of its active tasks ("0_0", ...). */
    public java.util.Map<String, java.util.Set<String>> activeTasksByThread() {
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        streams.metadataForLocalThreads().forEach(thread -> out.put(thread.threadName(),
                thread.activeTasks().stream().map(task -> task.taskId().toString())
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))));
        return out;
    }

    /** The error that stopped a stream thread, if any. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
    }
}
