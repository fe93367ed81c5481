package engram.app.config;

import engram.topology.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Engram's topics are named {@code prefix + role} ({@code engram.news}, {@code engram.queries} ...; see
 * {@link Topics}). One prefix per deployment keeps the CLI and the service in agreement with a single setting.
 *
 * <p>The partition count of the topics is the most instances that can share the work: a memory belongs to the
 * partition its id hashes to, one task owns each partition, and a count cannot change later without moving
 * memories to other partitions (app README, "Running several instances"). Hence the default on a Kafka cluster,
 * {@link #CLUSTER_PARTITIONS}: room for 1, 2, 3, 4, 6 or 12 instances with an even share each. The embedded
 * broker listens on 127.0.0.1 inside one instance, so it keeps {@link #EMBEDDED_PARTITIONS}: with one partition
 * a memory's ingest task and apply task run on different stream threads, with more Kafka Streams puts both on the
 * same thread (its assignor deals each sub-topology's tasks out over the threads in the same order), and cutting
 * feed items would then hold the engine back (topology README, "Backpressure", point 8).
 *
 * @param partitions partitions of each topic the service creates (existing topics are never changed); absent:
 *     {@link #EMBEDDED_PARTITIONS} on the embedded broker, {@link #CLUSTER_PARTITIONS} on a cluster
 * @param replicationFactor replicas of each topic the service creates (1 for the embedded broker)
 */
@ConfigurationProperties("engram.topics")
public record TopicSettings(String prefix, @Nullable Integer partitions, short replicationFactor) {

    /** The default with the embedded broker: one instance, ingest and apply on their own threads. */
    public static final int EMBEDDED_PARTITIONS = 1;
    /** The default on a Kafka cluster: up to 12 instances, evenly shared by 1, 2, 3, 4, 6 or 12. */
    public static final int CLUSTER_PARTITIONS = 12;

    public Topics names() {
        return Topics.withPrefix(prefix);
    }

    /** The configured count, or the default for where the topics live. */
    public int partitionsFor(boolean embeddedBroker) {
        if (partitions != null) {
            return partitions;
        }
        return embeddedBroker ? EMBEDDED_PARTITIONS : CLUSTER_PARTITIONS;
    }
}
