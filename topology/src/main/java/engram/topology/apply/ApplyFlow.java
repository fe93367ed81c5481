package engram.topology.apply;

import engram.schemas.serde.EngramSerdes;
import engram.topology.TopologyConfig;
import engram.topology.Topics;
import engram.topology.engine.MemoryEngine;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The apply flow: the task that owns partition p of the updates topic also owns partition p of the queries
 * topic (co-partitioned, same key = memory id). It applies updates in offset order and answers queries between
 * them, both through the memory-state store, which makes them one sub-topology and so one task per partition.
 *
 * <pre>
 *   updates ─► apply-updates ─► versions topic (MemoryVersion, key = memory id)
 *                   │  pending-updates store (checked updates queued for the next apply round)
 *                   │  memory-state store (version, last update, applied marks per memory)
 *   queries ─► answer-queries ─► answers topic (Answer, key = request id)
 *   (both) ──────────────────► dead-letter topic
 * </pre>
 */
public final class ApplyFlow {

    public static final String MEMORY_STATE_STORE = "engram-memory-state";
    /** Checked updates waiting for an apply round, keyed by their offset in the updates topic. */
    public static final String PENDING_UPDATES_STORE = "engram-pending-updates";
    /** How often a wall-clock punctuation checks whether an apply round may start (a cheap check, see ThreadActivity). */
    public static final long APPLY_ROUND_MILLIS = 2;
    public static final String UPDATES_SOURCE = "updates-source";
    public static final String QUERIES_SOURCE = "queries-source";
    public static final String UPDATE_PROCESSOR = "apply-updates";
    public static final String QUERY_PROCESSOR = "answer-queries";
    public static final String VERSIONS_SINK = "versions-sink";
    public static final String ANSWERS_SINK = "answers-sink";
    public static final String DEAD_LETTER_SINK = "apply-deadletters-sink";

    private ApplyFlow() {}

    /** Without durability: the engine's pools must stay at the committed versions (tests, one-off runs). */
    public static void addTo(Topology topology, TopologyConfig config, MemoryEngine engine) {
        addTo(topology, config, engine, Durability.NONE);
    }

    /** With a durability hook that restores pools after restarts, snapshots them and rebuilds earlier versions. */
    public static void addTo(Topology topology, TopologyConfig config, MemoryEngine engine,
                             Durability durability) {
        Topics topics = config.topics();
        topology.addSource(UPDATES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.updates());
        topology.addSource(org.apache.kafka.streams.AutoOffsetReset.earliest(), QUERIES_SOURCE, new QueriesFirstTimestampExtractor(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.queries());
        topology.addProcessor(UPDATE_PROCESSOR,
                () -> new UpdateApplier(engine, durability, topics.updates(), VERSIONS_SINK, DEAD_LETTER_SINK,
                        config.maxRecordBytes(), config.applyBudgetMillis(), config.maxPendingUpdates()),
                UPDATES_SOURCE);
        topology.addProcessor(QUERY_PROCESSOR,
                () -> new QueryAnswerer(engine, durability, config.maxRecordBytes(), config.maxNewTokens(), ANSWERS_SINK,
                        DEAD_LETTER_SINK),
                QUERIES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEMORY_STATE_STORE),
                Serdes.String(), new MemoryStateSerde()), UPDATE_PROCESSOR, QUERY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_UPDATES_STORE),
                Serdes.Long(), Serdes.ByteArray()), UPDATE_PROCESSOR);
        topology.addSink(VERSIONS_SINK, topics.versions(), new StringSerializer(),
                EngramSerdes.memoryVersion().serializer(), UPDATE_PROCESSOR);
        topology.addSink(ANSWERS_SINK, topics.answers(), new StringSerializer(), EngramSerdes.answer().serializer(),
                QUERY_PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), new ByteArraySerializer(),
                EngramSerdes.deadLetter().serializer(), UPDATE_PROCESSOR, QUERY_PROCESSOR);
    }
}
