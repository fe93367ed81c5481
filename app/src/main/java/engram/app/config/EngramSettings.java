package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;

/**
 * @param home the Engram installation (set by the {@code ./engram} launcher; relative paths of bundled things
 *     such as the model resolve against it)
 * @param instanceId names this service's Kafka Streams application (its consumer group and state)
 * @param stateDir Kafka Streams local state
 */
@ConfigurationProperties("engram")
public record EngramSettings(String home, String instanceId, String stateDir) {

    public Path homePath() {
        return Path.of(home).toAbsolutePath().normalize();
    }
}
