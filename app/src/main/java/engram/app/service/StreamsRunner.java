package engram.app.service;

import engram.app.config.EngramSettings;
import engram.app.kafka.KafkaClients;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import engram.topology.apply.Durability;
import engram.topology.engine.MemoryEngine;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Engram topology as a plain {@link KafkaStreams} (not micronaut-kafka's auto-configured one, which
 * cannot be told when to start relative to the embedded broker).
 */
final class StreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    /** How long a close may take while the broker answers: the last commit, then the tasks' pool snapshots. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    StreamsRunner(TopologyConfig config, MemoryEngine engine, Durability durability, KafkaClients clients,
                  EngramSettings settings) {
        Topology topology = EngramTopology.build(config, engine, durability);
        streams = new KafkaStreams(topology,
                StreamsProperties.build(config, clients.bootstrapServers(), settings.stateDir(), clients.common()));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("the topology stopped on an unexpected error; the service is no longer ready", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    void start() {
        streams.start();
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the topology runs (or fails), at most {@code timeout}. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Closes and leaves the consumer group: Streams stays in the group by default to spare a rebalance on a quick
     * bounce, but then the next start waits out the session timeout (45 s) before it gets its partitions back.
     *
     * @return whether every stream thread stopped within {@code timeout}; if not, they may still run (and call the
     *     engine) until the process ends
     */
    boolean close(Duration timeout) {
        return streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
