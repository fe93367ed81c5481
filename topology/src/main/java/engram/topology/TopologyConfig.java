package engram.topology;

import java.util.Objects;

/**
 * Settings of the Engram topology. Start from {@link #defaults()} and change what differs.
 *
 * @param applicationId Kafka Streams application id (consumer group, state directory, internal topic prefix)
 * @param topics topic names
 * @param partitions partition count for topics that are created; queries and updates must have the same count
 * @param replicationFactor replication factor for topics that are created
 * @param maxRecordBytes feed or query records larger than this are dead-lettered (TOO_LARGE) without decoding
 * @param maxChunkTokens upper bound on tokens per update; the engine's own maximum applies if it is lower
 * @param maxNewTokens upper bound on tokens a query may ask for; the engine's own maximum applies if it is lower
 * @param applyBudgetMillis how long the apply flow spends applying queued updates before it lets queries in
 *     (at least one update is applied per round); bounds how long a query waits behind an update backlog
 * @param maxPendingUpdates updates a task queues (on disk, in its state store) before it applies them on arrival
 *     and so stops reading ahead: bounds the queue whatever the input rate
 */
public record TopologyConfig(String applicationId, Topics topics, int partitions, short replicationFactor,
                             int maxRecordBytes, int maxChunkTokens, int maxNewTokens, int applyBudgetMillis,
                             int maxPendingUpdates) {

    public static final String DEFAULT_PREFIX = "engram";
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_CHUNK_TOKENS = 512;
    public static final int DEFAULT_MAX_NEW_TOKENS = 256;
    public static final int DEFAULT_APPLY_BUDGET_MILLIS = 250;
    public static final int DEFAULT_MAX_PENDING_UPDATES = 10_000;
    /** Below this a chunk cannot hold a sentence; it also keeps the chunker's search windows meaningful. */
    public static final int MIN_CONFIGURABLE_CHUNK_TOKENS = 8;

    public TopologyConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topics, "topics");
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be >= 1, got " + replicationFactor);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1, got " + maxRecordBytes);
        }
        if (maxChunkTokens < MIN_CONFIGURABLE_CHUNK_TOKENS) {
            throw new IllegalArgumentException("maxChunkTokens must be >= " + MIN_CONFIGURABLE_CHUNK_TOKENS
                    + ", got " + maxChunkTokens);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (applyBudgetMillis < 1) {
            throw new IllegalArgumentException("applyBudgetMillis must be >= 1, got " + applyBudgetMillis);
        }
        if (maxPendingUpdates < 1) {
            throw new IllegalArgumentException("maxPendingUpdates must be >= 1, got " + maxPendingUpdates);
        }
    }

    /**
     * Prefix "engram", one partition, replication 1, 1 MiB records, 512-token chunks, 256 new tokens, 250 ms apply
     * rounds, 10 000 queued updates per task.
     */
    public static TopologyConfig defaults() {
        return new TopologyConfig(DEFAULT_PREFIX, Topics.withPrefix(DEFAULT_PREFIX), 1, (short) 1,
                DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_CHUNK_TOKENS, DEFAULT_MAX_NEW_TOKENS,
                DEFAULT_APPLY_BUDGET_MILLIS, DEFAULT_MAX_PENDING_UPDATES);
    }

    /** Same settings, topics and application id under another prefix. */
    public TopologyConfig withPrefix(String prefix) {
        return new TopologyConfig(prefix, Topics.withPrefix(prefix), partitions, replicationFactor,
                maxRecordBytes, maxChunkTokens, maxNewTokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withPartitions(int count) {
        return new TopologyConfig(applicationId, topics, count, replicationFactor, maxRecordBytes,
                maxChunkTokens, maxNewTokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withReplicationFactor(short factor) {
        return new TopologyConfig(applicationId, topics, partitions, factor, maxRecordBytes, maxChunkTokens,
                maxNewTokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withMaxRecordBytes(int bytes) {
        return new TopologyConfig(applicationId, topics, partitions, replicationFactor, bytes, maxChunkTokens,
                maxNewTokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withMaxChunkTokens(int tokens) {
        return new TopologyConfig(applicationId, topics, partitions, replicationFactor, maxRecordBytes, tokens,
                maxNewTokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withMaxNewTokens(int tokens) {
        return new TopologyConfig(applicationId, topics, partitions, replicationFactor, maxRecordBytes,
                maxChunkTokens, tokens, applyBudgetMillis, maxPendingUpdates);
    }

    public TopologyConfig withApplyBudgetMillis(int millis) {
        return new TopologyConfig(applicationId, topics, partitions, replicationFactor, maxRecordBytes,
                maxChunkTokens, maxNewTokens, millis, maxPendingUpdates);
    }

    public TopologyConfig withMaxPendingUpdates(int count) {
        return new TopologyConfig(applicationId, topics, partitions, replicationFactor, maxRecordBytes,
                maxChunkTokens, maxNewTokens, applyBudgetMillis, count);
    }
}
