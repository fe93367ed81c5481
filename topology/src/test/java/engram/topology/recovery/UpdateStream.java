package engram.topology.recovery;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A fixed, reproducible stream of updates for a few memories (update i of the stream is always the same record),
 * the reference checksums an uninterrupted engine computes for it, and the checks of a versions topic against them.
 */
final class UpdateStream {

    static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);
    static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);

    private final List<MemoryUpdate> updates;

    /** {@code count} updates spread over {@code memories} round-robin, token ids from a fixed seed. */
    UpdateStream(List<String> memories, int count, String tokenizerId, String modelId) {
        Random random = new Random(20261201);
        List<MemoryUpdate> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String memory = memories.get(i % memories.size());
            int length = 16 + random.nextInt(9);
            List<Integer> tokens = new ArrayList<>(length);
            for (int t = 0; t < length; t++) {
                tokens.add(random.nextInt(256));
            }
            all.add(MemoryUpdate.newBuilder()
                    .setUpdateId("u-" + i)
                    .setMemoryId(memory)
                    .setSource(new SourceCoordinates("fixture.feed", 0, (long) i))
                    .setSourceKind(SourceKind.NEWS)
                    .setSourceId("article-" + i)
                    .setChunkIndex(0)
                    .setChunkCount(1)
                    .setText("article " + i)
                    .setTokenIds(tokens)
                    .setTokenizerId(tokenizerId)
                    .setModelId(modelId)
                    .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                    .build());
        }
        this.updates = List.copyOf(all);
    }

    int size() {
        return updates.size();
    }

    /** Updates per memory among the first {@code count}. */
    Map<String, Integer> countsUpTo(int count) {
        Map<String, Integer> counts = new HashMap<>();
        for (MemoryUpdate u : updates.subList(0, count)) {
            counts.merge(u.getMemoryId(), 1, Integer::sum);
        }
        return counts;
    }

    /** Sends updates [from, to) to {@code topic} in order and waits until all are acknowledged. */
    void send(String bootstrapServers, String topic, int from, int to) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // order by one request in flight
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (MemoryUpdate u : updates.subList(from, to)) {
                sent.add(producer.send(new ProducerRecord<>(topic, u.getMemoryId().getBytes(StandardCharsets.UTF_8),
                        UPDATES.encode(u))));
            }
            producer.flush();
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Memory id → checksum of version i + 1 at index i, as one uninterrupted engine computes them. */
    Map<String, List<String>> referenceChecksums(MemoryLLMEngine engine) {
        Map<String, List<String>> checksums = new HashMap<>();
        for (MemoryUpdate u : updates) {
            checksums.computeIfAbsent(u.getMemoryId(), id -> new ArrayList<>())
                    .add(engine.selfUpdate(u.getMemoryId(), UpdateInput.of(u)).poolChecksum());
        }
        return checksums;
    }

    /**
     * Checks the versions topic (read_committed records) against the reference for the first {@code count}
     * updates: each memory's versions 1..n exactly once, consecutive, with the reference checksum and update id.
     */
    static void assertVersions(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Integer> expectedCounts,
                               Map<String, List<String>> reference) {
        Map<String, List<MemoryVersion>> byMemory = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            MemoryVersion v = VERSIONS.decode(r.value());
            byMemory.computeIfAbsent(v.getMemoryId(), id -> new ArrayList<>()).add(v);
        }
        for (Map.Entry<String, Integer> expected : expectedCounts.entrySet()) {
            String memory = expected.getKey();
            List<MemoryVersion> versions = byMemory.getOrDefault(memory, List.of());
            if (versions.size() != expected.getValue()) {
                throw new AssertionError("memory " + memory + ": expected " + expected.getValue()
                        + " version events, found " + versions.size());
            }
            for (int i = 0; i < versions.size(); i++) {
                MemoryVersion v = versions.get(i);
                if (v.getVersion() != i + 1) {
                    throw new AssertionError("memory " + memory + ": event " + i + " is version " + v.getVersion()
                            + ", expected " + (i + 1) + " (versions must be consecutive, each once)");
                }
                String want = reference.get(memory).get(i);
                if (!want.equals(v.getPoolChecksum())) {
                    throw new AssertionError("memory " + memory + " version " + (i + 1) + ": checksum "
                            + v.getPoolChecksum() + ", the uninterrupted run has " + want);
                }
            }
        }
        if (!byMemory.keySet().equals(expectedCounts.keySet())) {
            throw new AssertionError("versions for memories " + byMemory.keySet() + ", expected "
                    + expectedCounts.keySet());
        }
    }

    /** Number of version events per memory. */
    static Map<String, Long> countByMemory(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Long> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            counts.merge(new String(r.key(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
        return counts;
    }
}
