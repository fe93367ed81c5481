package engram.app.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings given as environment variables, for containers and secrets managers:
 * {@code ENGRAM_KAFKA_PROPERTIES_SASL_JAAS_CONFIG=...} becomes {@code sasl.jaas.config=...} (lower case,
 * underscores to dots; Kafka's client keys contain no underscores). Micronaut binds such variables to single
 * keys but not into a map of arbitrary keys, hence this small translation, shared by the service and the CLI.
 */
public final class KafkaPropertiesFromEnv {
    public static final String PREFIX = "ENGRAM_KAFKA_PROPERTIES_";

    private KafkaPropertiesFromEnv() {}

    public static Map<String, String> from(Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                out.put(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }
}
