package engram.app.config;

import engram.app.kafka.KafkaPropertiesFromEnv;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where Kafka is. With no {@code bootstrap-servers} the service starts its own embedded broker.
 *
 * @param bootstrapServers a real cluster ({@code ENGRAM_KAFKA_BOOTSTRAP_SERVERS}); absent means embedded
 * @param embeddedPort client port of the embedded broker (its controller uses the next port)
 * @param embeddedDataDir the embedded broker's log directory, relative to the working directory
 * @param properties client settings passed to every producer, consumer, admin and Streams client as they are
 *     (SASL, TLS ...), e.g. {@code engram.kafka.properties.security.protocol=SASL_SSL}; also read from
 *     {@code ENGRAM_KAFKA_PROPERTIES_*} environment variables, see {@link KafkaPropertiesFromEnv}
 * @param connectTimeout how long to wait for the broker before giving up at startup
 */
@ConfigurationProperties("engram.kafka")
public record KafkaSettings(
        @Nullable String bootstrapServers,
        int embeddedPort,
        String embeddedDataDir,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
                Map<String, String> properties,
        Duration connectTimeout) {

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    public Path embeddedDataPath() {
        return Path.of(embeddedDataDir);
    }

    /**
     * The pass-through client properties plus the bootstrap address actually in use. Sources, later ones
     * winning: {@code ENGRAM_KAFKA_PROPERTIES_*} environment variables, then {@code engram.kafka.properties.*}
     * (application.yml or -D).
     */
    public Map<String, Object> clientProperties(String bootstrap) {
        Map<String, Object> all = new HashMap<>(KafkaPropertiesFromEnv.from(System.getenv()));
        if (properties != null) {
            all.putAll(properties);
        }
        all.put("bootstrap.servers", bootstrap);
        return all;
    }
}
