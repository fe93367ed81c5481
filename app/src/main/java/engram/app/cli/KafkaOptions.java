package engram.app.cli;

import engram.topology.Topics;
import engram.topology.TopologyConfig;
import engram.app.kafka.KafkaClients;
import engram.app.kafka.KafkaPropertiesFromEnv;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command-line client finds the service's Kafka: by default the embedded broker of {@code ./engram run}. */
public final class KafkaOptions {
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:ENGRAM_KAFKA_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP + "}",
            description = "Kafka bootstrap servers (default: $ENGRAM_KAFKA_BOOTSTRAP_SERVERS or the embedded broker, ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:ENGRAM_TOPICS_PREFIX:-" + TopologyConfig.DEFAULT_PREFIX + "}",
            description = "Prefix of Engram's topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "KEY=VALUE",
            description = {"Kafka client setting passed through as is (security.protocol=SASL_SSL ...); repeatable.",
                "Also read from ENGRAM_KAFKA_PROPERTIES_* variables (ENGRAM_KAFKA_PROPERTIES_SASL_MECHANISM=PLAIN)."})
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** Clients for the configured broker, after checking it answers (one clear line if it does not). */
    public KafkaClients connect() {
        Map<String, String> all = new LinkedHashMap<>(KafkaPropertiesFromEnv.from(System.getenv()));
        all.putAll(properties);
        KafkaClients clients = KafkaClients.forBootstrap(bootstrap, all);
        clients.requireReachable(connectTimeoutSeconds * 1000L,
                DEFAULT_BOOTSTRAP.equals(bootstrap) ? "is `./engram run` running?" : "check --bootstrap and the security settings");
        return clients;
    }
}
