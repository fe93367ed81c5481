package engram.app.service;

import engram.app.config.KafkaSettings;
import engram.app.config.StartupFailure;
import engram.app.kafka.BrokerUnreachableException;
import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.KafkaClients;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * The Kafka the service uses: the configured cluster (checked reachable) or, with none configured, the embedded
 * broker, started here. {@link EngramService} decides when to open and close it, so the broker outlives the
 * Streams application that uses it.
 */
@Singleton
public class KafkaConnection {
    private final KafkaSettings settings;
    private EmbeddedKafka embedded;
    private KafkaClients clients;

    public KafkaConnection(KafkaSettings settings) {
        this.settings = settings;
    }

    public synchronized KafkaClients open() {
        if (clients != null) {
            return clients;
        }
        String bootstrap;
        if (settings.embedded()) {
            embedded = startEmbedded();
            bootstrap = embedded.bootstrapServers();
        } else {
            bootstrap = settings.bootstrapServers();
        }
        KafkaClients c = new KafkaClients(settings.clientProperties(bootstrap));
        try {
            c.requireReachable(settings.connectTimeout().toMillis(), settings.embedded()
                    ? "the embedded broker did not come up"
                    : "check engram.kafka.bootstrap-servers (ENGRAM_KAFKA_BOOTSTRAP_SERVERS) and engram.kafka.properties.*");
        } catch (BrokerUnreachableException e) {
            close();
            throw new StartupFailure(e.getMessage());
        }
        clients = c;
        return c;
    }

    private EmbeddedKafka startEmbedded() {
        try {
            return new EmbeddedKafka(settings.embeddedPort(), settings.embeddedDataPath()).start();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new StartupFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            // typically the port is taken: Kafka's own message names it
            throw new StartupFailure("cannot start the embedded Kafka broker on 127.0.0.1:" + settings.embeddedPort()
                    + " (data " + settings.embeddedDataPath() + "): " + rootMessage(e)
                    + "; set engram.kafka.embedded-port (ENGRAM_KAFKA_EMBEDDED_PORT) or stop the other process", e);
        }
    }

    public synchronized KafkaClients clients() {
        if (clients == null) {
            throw new IllegalStateException("Kafka connection not open");
        }
        return clients;
    }

    public boolean embedded() {
        return settings.embedded();
    }

    public synchronized String bootstrapServers() {
        return clients == null ? settings.bootstrapServers() : clients.bootstrapServers();
    }

    /** Stops the embedded broker, if this connection started one. */
    public synchronized void close() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
        clients = null;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return (m == null ? root.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }
}
