package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;

/**
 * @param home the Engram installation (set by the {@code ./engram} launcher; relative paths of bundled things
 *     such as the model resolve against it)
 * @param stateDir Kafka Streams local state (the Streams application id, its consumer group, is the topic
 *     prefix: instances with the same prefix share the work)
 */
@ConfigurationProperties("engram")
public record EngramSettings(String home, String stateDir) {

    public Path homePath() {
        return Path.of(home).toAbsolutePath().normalize();
    }
}
