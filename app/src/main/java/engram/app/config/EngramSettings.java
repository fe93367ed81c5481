package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * @param home the Engram installation (set by the {@code ./engram} launcher; relative paths of bundled things
 *     such as the model resolve against it)
 * @param stateDir Kafka Streams local state (the Streams application id, its consumer group, is the topic
 *     prefix: instances with the same prefix share the work)
 * @param shutdownTimeout how long a stop waits for the topology to close when the broker does not answer (it cannot
 *     take the last commit then); with a broker that answers, the topology gets as long as it needs, up to 30 s
 */
@ConfigurationProperties("engram")
public record EngramSettings(String home, String stateDir, Duration shutdownTimeout) {

    public Path homePath() {
        return Path.of(home).toAbsolutePath().normalize();
    }
}
