package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import engram.topology.Topics;
import engram.topology.apply.ApplyFlow;
import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The history every durability test audits, made once per JVM: {@value #UPDATES} updates of memory
 * {@value #MEMORY} (plus re-delivered chunks, invalid records and another memory's updates in the same partition)
 * applied by the real topology (exactly once, real broker, real tiny MemoryLLM), so the versions topic holds what
 * the service announced and the state store what it committed.
 */
final class ServiceHistory {

    static final String MEMORY = "m";
    static final int UPDATES = 1000;
    static final Duration WAIT = Duration.ofSeconds(120);
    static final AvroCodec<MemoryUpdate> UPDATE_CODEC = new AvroCodec<>(MemoryUpdate.class);
    static final AvroCodec<MemoryVersion> VERSION_CODEC = new AvroCodec<>(MemoryVersion.class);

    final KafkaTestBroker broker;
    final TopologyConfig config;
    final Path modelDir;
    /** The updates of {@link #MEMORY} the service applied, in order: element i became version i + 1. */
    final List<MemoryUpdate> applied;
    /** The versions topic's events of {@link #MEMORY}, by version. */
    final Map<Long, MemoryVersion> versions;
    /** What the apply flow committed for {@link #MEMORY}. */
    final MemoryState committed;
    final String otherMemory;
    final int duplicatesSent;
    final int invalidSent;
    private final KafkaProducer<byte[], byte[]> producer;

    private static ServiceHistory shared;

    static synchronized ServiceHistory shared() throws Exception {
        if (shared == null) {
            shared = new ServiceHistory();
        }
        return shared;
    }

    private ServiceHistory() throws Exception {
        broker = KafkaTestBroker.shared();
        config = TopologyConfig.defaults().withPrefix("it-durability").withPartitions(2);
        modelDir = TinyMemoryLLM.write(Files.createTempDirectory("engram-durability-model"));
        broker.ensureTopics(config);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // order by one request in flight, not by idempotent sequence numbers: on a loaded machine the idempotent
        // producer was seen to get stuck retrying with OutOfOrderSequenceException, leaving the last update unsent
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        otherMemory = sharingPartitionWith(MEMORY, config.partitions());

        Random random = new Random(42);
        List<MemoryUpdate> applied = new ArrayList<>();
        int duplicates = 0;
        int invalid = 0;
        Topics topics = config.topics();
        try (MemoryLLMEngine engine = TinyMemoryLLM.engine(modelDir)) {
            List<MemoryUpdate> firstSources = new ArrayList<>();
            int source = 0;
            while (applied.size() < UPDATES) {
                int chunks = 1 + source % 3;
                for (int c = 0; c < chunks && applied.size() < UPDATES; c++) {
                    MemoryUpdate u = update(engine, MEMORY, source, c, chunks, random);
                    send(topics.updates(), MEMORY, UPDATE_CODEC.encode(u));
                    applied.add(u);
                    if (source == 10) {
                        firstSources.add(u);
                    }
                }
                if (source == 60) { // source 10 delivered again: the apply flow skips its chunks
                    for (MemoryUpdate again : firstSources) {
                        send(topics.updates(), MEMORY, UPDATE_CODEC.encode(again));
                        duplicates++;
                    }
                }
                if (source == 100) { // three records the apply flow dead-letters
                    send(topics.updates(), MEMORY, new byte[] {1, 2, 3});
                    MemoryUpdate badTokens = update(engine, MEMORY, 100_000, 0, 1, random);
                    badTokens.setTokenIds(List.of(1, 2, 9999));
                    send(topics.updates(), MEMORY, UPDATE_CODEC.encode(badTokens));
                    MemoryUpdate wrongKey = update(engine, "someone-else", 100_001, 0, 1, random);
                    send(topics.updates(), MEMORY, UPDATE_CODEC.encode(wrongKey));
                    invalid += 3;
                }
                if (source % 50 == 0) { // another memory in the same partition of the updates topic
                    send(topics.updates(), otherMemory, UPDATE_CODEC.encode(update(engine, otherMemory, 200_000 + source,
                            0, 1, random)));
                }
                source++;
            }
            flush();
            this.committed = runService(engine);
        }
        this.applied = List.copyOf(applied);
        this.duplicatesSent = duplicates;
        this.invalidSent = invalid;
        this.versions = readVersions(topics.versions());
    }

    static MemoryUpdate update(MemoryLLMEngine engine, String memoryId, int source, int chunk, int chunks,
                               Random random) {
        int length = 16 + random.nextInt(9);
        List<Integer> tokens = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            tokens.add(random.nextInt(256));
        }
        return MemoryUpdate.newBuilder()
                .setUpdateId("u-" + source + "-" + chunk)
                .setMemoryId(memoryId)
                .setSource(new SourceCoordinates("fixture.news", source % 2, (long) (source / 2)))
                .setSourceKind(SourceKind.NEWS)
                .setSourceId("article-" + source)
                .setChunkIndex(chunk)
                .setChunkCount(chunks)
                .setText("chunk " + chunk + " of article " + source)
                .setTokenIds(tokens)
                .setTokenizerId(engine.tokenizerId())
                .setModelId(engine.modelId())
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /** Runs the topology until every update is applied; returns the committed state of {@link #MEMORY}. */
    private MemoryState runService(MemoryLLMEngine engine) throws Exception {
        Path stateDir = Files.createTempDirectory("engram-durability-streams");
        KafkaStreams streams = new KafkaStreams(EngramTopology.build(config, engine), StreamsProperties.build(config,
                broker.bootstrapServers(), stateDir.toString(), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(error -> {
            failure.set(error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        try (KafkaTestBroker.TopicReader reader = broker.reader(config.topics().versions())) {
            reader.until(records -> failure.get() != null || records.stream()
                    .filter(r -> MEMORY.equals(new String(r.key(), StandardCharsets.UTF_8))).count() >= UPDATES,
                    WAIT, UPDATES + " versions of memory " + MEMORY);
            if (failure.get() != null) {
                throw new AssertionError("the service failed", failure.get());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) { // the versions are committed; the store shows the same transaction's state
                MemoryState state = committedState(streams);
                if (state != null && state.version() == UPDATES) {
                    return state;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the state store never showed version " + UPDATES + ": " + state);
                }
                Thread.sleep(20); // polling the store with a deadline
            }
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static MemoryState committedState(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, MemoryState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ApplyFlow.MEMORY_STATE_STORE, QueryableStoreTypes.<String, MemoryState>keyValueStore()));
            return store.get(MEMORY);
        } catch (RuntimeException e) {
            return null; // not queryable yet (rebalancing)
        }
    }

    private Map<Long, MemoryVersion> readVersions(String topic) {
        Map<Long, MemoryVersion> byVersion = new HashMap<>();
        try (KafkaTestBroker.TopicReader reader = broker.reader(topic)) {
            for (ConsumerRecord<byte[], byte[]> r : reader.drain(Duration.ofMillis(500))) {
                MemoryVersion v = VERSION_CODEC.decode(r.value());
                if (v.getMemoryId().equals(MEMORY)) {
                    byVersion.put(v.getVersion(), v);
                }
            }
        }
        if (byVersion.size() != UPDATES) {
            throw new AssertionError("expected " + UPDATES + " versions, found " + byVersion.size());
        }
        return byVersion;
    }

    private final List<java.util.concurrent.Future<?>> unacknowledged = new ArrayList<>();

    void send(String topic, String key, byte[] value) {
        unacknowledged.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
    }

    /** Waits until every record sent is acknowledged; fails if one was not written. */
    void flush() throws Exception {
        producer.flush();
        for (java.util.concurrent.Future<?> sent : unacknowledged) {
            sent.get();
        }
        unacknowledged.clear();
    }

    /**
     * Copies every record of {@code from} into a new topic {@code to} (same partitions, keys, order), passing each
     * value through {@code edit}: a tampered copy of a log for the detection tests.
     */
    void copyTopic(String from, String to, UnaryOperator<ConsumerRecord<byte[], byte[]>> edit) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(to, config.partitions(), (short) 1))).all().get();
        }
        try (KafkaTestBroker.TopicReader reader = broker.reader(from)) {
            for (ConsumerRecord<byte[], byte[]> r : reader.drain(Duration.ofMillis(500))) {
                ConsumerRecord<byte[], byte[]> edited = edit.apply(r);
                producer.send(new ProducerRecord<>(to, r.partition(), edited.key(), edited.value()));
            }
        }
        producer.flush();
    }

    /**
     * A copy of the versions topic named with {@code suffix}, each event passed through {@code edit}: a history the
     * service did not write, for the detection tests.
     */
    String versionsRewritten(String suffix, java.util.function.Consumer<MemoryVersion> edit) throws Exception {
        String copy = config.topics().versions() + suffix;
        copyTopic(config.topics().versions(), copy, record -> {
            MemoryVersion v = VERSION_CODEC.decode(record.value());
            edit.accept(v);
            return withValue(record, VERSION_CODEC.encode(v));
        });
        return copy;
    }

    /** {@code r} with another value: what an edit passed to {@link #copyTopic} returns. */
    static ConsumerRecord<byte[], byte[]> withValue(ConsumerRecord<byte[], byte[]> r, byte[] value) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value);
    }

    /** Which memory id of "other-0", "other-1", ... lands in the same partition as {@code memoryId}. */
    static String sharingPartitionWith(String memoryId, int partitions) {
        int wanted = partitionOf(memoryId, partitions);
        for (int i = 0; ; i++) {
            String candidate = "other-" + i;
            if (partitionOf(candidate, partitions) == wanted) {
                return candidate;
            }
        }
    }

    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    LinkedHashMap<String, MemoryUpdate> appliedById() {
        LinkedHashMap<String, MemoryUpdate> byId = new LinkedHashMap<>();
        applied.forEach(u -> byId.put(u.getUpdateId(), u));
        return byId;
    }
}
