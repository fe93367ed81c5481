package engram.app.config;

import engram.topology.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Engram's topics are named {@code prefix + role} ({@code engram.news}, {@code engram.queries} ...; see
 * {@link Topics}). One prefix per deployment keeps the CLI and the service in agreement with a single setting.
 *
 * @param partitions partitions of each topic the service creates (memories spread over them by memory id)
 * @param replicationFactor replicas of each topic the service creates (1 for the embedded broker)
 */
@ConfigurationProperties("engram.topics")
public record TopicSettings(String prefix, int partitions, short replicationFactor) {

    public Topics names() {
        return Topics.withPrefix(prefix);
    }
}
