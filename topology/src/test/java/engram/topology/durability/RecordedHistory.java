package engram.topology.durability;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.TopologyConfig;
import engram.topology.apply.MemoryState;
import engram.topology.apply.UpdateRules;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.UpdateInput;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A short history of memory {@value #MEMORY} for the durability unit tests: {@code updates} news updates (one of them
 * delivered twice, plus one undecodable record) written to the update log of the shared broker, and applied by a
 * {@link RecordingMemoryEngine} exactly as the apply flow does it, through the durability hooks (rules, self-update,
 * {@link UpdateLogDurability#applied}, a version event per update). The service engine is then dropped without a
 * shutdown snapshot: what a killed service leaves behind.
 */
final class RecordedHistory {

    static final String MEMORY = "m";
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);
    private static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);

    final KafkaTestBroker broker;
    final TopologyConfig config;
    final LogAccess logs;
    final Path snapshotDir;
    /** The updates the service applied, in order: element i became version i + 1. */
    final List<MemoryUpdate> applied = new ArrayList<>();
    /** The announced checksum of each version. */
    final Map<Long, String> checksums = new HashMap<>();
    final MemoryState committed;

    /** Writes and applies the history; snapshots every {@code snapshotEvery} updates go to {@code snapshotDir}. */
    RecordedHistory(Path snapshotDir, int updates, int snapshotEvery) throws Exception {
        this.broker = KafkaTestBroker.shared();
        this.config = TopologyConfig.defaults().withPrefix("unit-durability-" + RUNS.incrementAndGet());
        this.snapshotDir = snapshotDir;
        broker.ensureTopics(config);
        this.logs = LogAccess.of(broker.bootstrapServers(), config.topics());
        MemoryState state = MemoryState.empty();
        try (RecordingMemoryEngine service = TestEngines.recording()) {
            UpdateLogDurability durability = new UpdateLogDurability(service, logs, snapshotDir, 3,
                    SnapshotPolicy.everyUpdates(snapshotEvery));
            for (int i = 0; i < updates; i++) {
                state = send(service, durability, state, UPDATES.encode(update(service, i)));
                if (i == 4) {
                    state = send(service, durability, state, UPDATES.encode(update(service, 2))); // re-delivered
                    state = send(service, durability, state, new byte[] {1, 2, 3}); // the apply flow dead-letters it
                }
            }
        } // killed: no flush
        this.committed = state;
    }

    /** Writes one record to the update log and handles it as the apply flow would; returns the new state. */
    private MemoryState send(RecordingMemoryEngine service, UpdateLogDurability durability, MemoryState state,
                             byte[] value) {
        byte[] key = MEMORY.getBytes(StandardCharsets.UTF_8);
        RecordMetadata at = broker.send(config.topics().updates(), key, value);
        MemoryUpdate u;
        try {
            u = UpdateRules.checked(key, value, UPDATES, service);
        } catch (InvalidRecordException e) {
            return state;
        }
        if (UpdateRules.isDuplicate(state, u)) {
            return state;
        }
        AppliedUpdate done = service.selfUpdate(MEMORY, UpdateInput.of(u));
        MemoryState next = UpdateRules.after(state, done.version(), u);
        SourceCoordinates log = new SourceCoordinates(at.topic(), at.partition(), at.offset());
        durability.applied(MEMORY, next, log);
        broker.send(config.topics().versions(), key, VERSIONS.encode(MemoryVersion.newBuilder().setMemoryId(MEMORY)
                .setVersion(done.version()).setUpdateId(u.getUpdateId()).setUpdateLog(log).setSource(u.getSource())
                .setSourceId(u.getSourceId()).setTokenCount(u.getTokenIds().size()).setDropSeed(done.dropSeed())
                .setPoolChecksum(done.poolChecksum()).setModelId(service.modelId()).setAppliedAt(Instant.now())
                .setDurationMicros(done.durationMicros()).build()));
        applied.add(u);
        checksums.put(done.version(), done.poolChecksum());
        return next;
    }

    /** The place named in news item {@code i} (a word of its own, so answers tell the versions apart). */
    static String place(int i) {
        return "site" + (char) ('a' + i % 26) + (char) ('a' + i / 26);
    }

    /** News item {@code i}: one sentence with a fact of its own. */
    private static MemoryUpdate update(RecordingMemoryEngine engine, int i) {
        String text = "At " + place(i) + " the harbour counted " + (i * 7) + " ships (report " + i + ").";
        return MemoryUpdate.newBuilder()
                .setUpdateId("news:0:" + i + ":0/1")
                .setMemoryId(MEMORY)
                .setSource(new SourceCoordinates("news", 0, (long) i))
                .setSourceKind(SourceKind.NEWS)
                .setSourceId("article-" + i)
                .setChunkIndex(0)
                .setChunkCount(1)
                .setText(text)
                .setTokenIds(Arrays.stream(engine.encode(text).ids()).boxed().toList())
                .setTokenizerId(engine.tokenizerId())
                .setModelId(engine.modelId())
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /** The token ids of the applied updates, in order, leaving out {@code excludedUpdateIds}. */
    List<int[]> tokensWithout(List<String> excludedUpdateIds) {
        return applied.stream().filter(u -> !excludedUpdateIds.contains(u.getUpdateId()))
                .map(u -> UpdateInput.of(u).tokenIds()).toList();
    }

    /**
     * A copy of the versions topic in which the event of {@code version} announces another checksum: a history the
     * service did not write.
     */
    String versionsTamperedAt(long version) throws Exception {
        String copy = config.topics().versions() + ".tampered-" + version;
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(copy, config.partitions(), (short) 1))).all().get();
        }
        try (KafkaTestBroker.TopicReader reader = broker.reader(config.topics().versions())) {
            var records = reader.until(r -> r.size() >= applied.size(), java.time.Duration.ofSeconds(30),
                    applied.size() + " version events");
            for (var r : records) {
                MemoryVersion v = VERSIONS.decode(r.value());
                if (v.getVersion() == version) {
                    v.setPoolChecksum("forged-" + version);
                }
                broker.send(copy, r.key(), VERSIONS.encode(v));
            }
        }
        return copy;
    }
}
