package engram.app.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process broker of the embedded default: one KRaft node that is both broker and controller, listening on
 * 127.0.0.1 only. Its log directory is formatted once and reused, so topics and offsets survive a restart.
 *
 * <p>Uses Kafka's internal server classes ({@link KafkaRaftServer}, {@link Formatter}); they may change between
 * Kafka minor versions, which is why this class is the only place that touches them.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String META_PROPERTIES = "meta.properties";

    private final int port;
    private final Path dataDir;
    private KafkaRaftServer server;
    private boolean closed;

    /**
     * @param port the client (PLAINTEXT) port; the controller listens on {@code port + 1}
     * @param dataDir the log directory, created and formatted when it holds no broker yet
     */
    public EmbeddedKafka(int port, Path dataDir) {
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("embedded Kafka port must be between 1 and 65534, got " + port);
        }
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Formats the data directory if needed and starts the broker; returns when it accepts connections. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            throw new IllegalStateException("embedded Kafka already started");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded Kafka data directory " + dataDir, e);
        }
        if (!isFormatted()) {
            format();
        }
        KafkaRaftServer raft = new KafkaRaftServer(new KafkaConfig(brokerProperties(), false), Time.SYSTEM);
        raft.startup();
        server = raft;
        LOG.info("embedded Kafka listening on {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    /** True when the data directory already holds a formatted node (a restart reuses it). */
    public boolean isFormatted() {
        return Files.isRegularFile(dataDir.resolve(META_PROPERTIES));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dataDir.toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + (port + 1));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        // a single node: every internal topic has one replica, and groups form without waiting
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1"); // exactly-once Streams creates it on first start
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /** Stops the broker (idempotent: the second call is a no-op, since Kafka rejects a second shutdown). */
    @Override
    public synchronized void close() {
        if (server == null || closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka stopped");
    }
}
