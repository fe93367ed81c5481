package engram.tools.bench;

import engram.app.kafka.EmbeddedKafka;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.TextChunk;
import engram.topology.ingest.UpdateIds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service as the embedded default runs it (in-process broker, the topology on the bench's engine), with a
 * producer for its inputs and a read_committed reader of its version events: the bench's two timed paths.
 */
final class PipelineUnderTest implements AutoCloseable {

    // one of each: a codec parses every released schema when it is made, too slow for once per record
    private static final AvroCodec<NewsArticle> NEWS = new AvroCodec<>(NewsArticle.class);
    private static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);
    private static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);

    private final TopologyConfig config;
    private final MemoryEngine engine;
    private final EmbeddedKafka kafka;
    private final KafkaStreams streams;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> versions;

    private PipelineUnderTest(TopologyConfig config, MemoryEngine engine, EmbeddedKafka kafka,
                              KafkaStreams streams, KafkaProducer<String, byte[]> producer,
                              KafkaConsumer<String, byte[]> versions) {
        this.config = config;
        this.engine = engine;
        this.kafka = kafka;
        this.streams = streams;
        this.producer = producer;
        this.versions = versions;
    }

    /** Starts a broker in {@code work} and the service on it, and returns once the service is RUNNING. */
    static PipelineUnderTest start(MemoryEngine engine, TopologyConfig config, int streamThreads, Path work)
            throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(freePort(), work.resolve("kafka")).start();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            TopicSetup.ensure(a, config);
        }
        Properties props = StreamsProperties.build(config, kafka.bootstrapServers(), work.resolve("streams").toString(),
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads));
        KafkaStreams streams = new KafkaStreams(EngramTopology.build(config, engine), props);
        KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers());
        KafkaConsumer<String, byte[]> versions = consumer(kafka.bootstrapServers());
        PipelineUnderTest pipeline = new PipelineUnderTest(config, engine, kafka, streams, producer, versions);
        streams.start();
        // assigned, not subscribed: a group join in the first poll would be timed as pipeline latency
        List<TopicPartition> partitions = versions.partitionsFor(config.topics().versions()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        versions.assign(partitions);
        versions.seekToBeginning(partitions);
        partitions.forEach(versions::position); // resolve the start offsets now
        pipeline.awaitRunning();
        return pipeline;
    }

    /** The full path: {@code texts} as news items of {@code memory}, timed until its {@code updates}-th version. */
    PipelineRun full(String memory, List<String> texts, int updates) {
        return timed(memory, updates, () -> {
            for (int i = 0; i < texts.size(); i++) {
                NewsArticle article = NewsArticle.newBuilder().setId(memory + "-" + i).setMemoryId(memory)
                        .setSource("bench").setTitle("").setBody(texts.get(i))
                        .setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L + i)).build();
                producer.send(new ProducerRecord<>(config.topics().news(), memory,
                        NEWS.encode(article)));
            }
        });
    }

    /** The apply path: {@code chunks} written straight onto the updates topic, as the ingest flow would have. */
    PipelineRun apply(String memory, List<TextChunk> chunks) {
        return timed(memory, chunks.size(), () -> {
            for (int i = 0; i < chunks.size(); i++) {
                SourceCoordinates source = new SourceCoordinates("bench." + memory, 0, (long) i);
                TextChunk chunk = chunks.get(i);
                MemoryUpdate update = MemoryUpdate.newBuilder().setUpdateId(UpdateIds.of(source, 0, 1))
                        .setMemoryId(memory).setSource(source).setSourceKind(SourceKind.NEWS).setSourceId("d" + i)
                        .setChunkIndex(0).setChunkCount(1).setText(chunk.text())
                        .setTokenIds(Arrays.stream(chunk.tokenIds()).boxed().toList())
                        .setTokenizerId(engine.tokenizerId()).setModelId(engine.modelId())
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(config.topics().updates(), memory,
                        UPDATES.encode(update)));
            }
        });
    }

    /** Runs {@code sendAll}, then reads versions until {@code memory} reaches {@code updates}. */
    private PipelineRun timed(String memory, int updates, Runnable sendAll) {
        double commitsBefore = threadMetricSum("commit-total");
        CpuByThread.Snapshot cpuBefore = CpuByThread.take();
        long started = System.nanoTime();
        sendAll.run();
        producer.flush();
        long[] engineMicros = {0};
        long[] firstVersionNanos = {0};
        awaitVersions(memory, updates, v -> {
            engineMicros[0] += v.getDurationMicros();
            firstVersionNanos[0] = firstVersionNanos[0] == 0 ? System.nanoTime() : firstVersionNanos[0];
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> cpu = CpuByThread.between(cpuBefore, CpuByThread.take());
        return new PipelineRun(updates, seconds, (firstVersionNanos[0] - started) / 1e9, engineMicros[0] / 1e6,
                threadMetricSum("commit-total") - commitsBefore, threadMetricMean("commit-latency-avg"), cpu);
    }

    /** Reads version events until {@code memory} has reached {@code version}, passing each of its events on. */
    private void awaitVersions(String memory, long version, Consumer<MemoryVersion> each) {
        long seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < version) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("memory '" + memory + "': only " + seen + " of " + version
                        + " versions in 10 min");
            }
            for (ConsumerRecord<String, byte[]> r : versions.poll(Duration.ofMillis(200))) {
                MemoryVersion v = VERSIONS.decode(r.value());
                if (memory.equals(v.getMemoryId())) {
                    seen = Math.max(seen, v.getVersion());
                    each.accept(v);
                }
            }
        }
    }

    private double threadMetricSum(String name) {
        return threadMetrics(name).sum();
    }

    private double threadMetricMean(String name) {
        return threadMetrics(name).average().orElse(Double.NaN);
    }

    /** A stream-thread metric of Kafka Streams, one value per stream thread. */
    private java.util.stream.DoubleStream threadMetrics(String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .filter(Double::isFinite);
    }

    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        versions.close();
        producer.close();
        streams.close();
        kafka.close();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "engram-bench-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static int freePort() throws IOException {
        // the controller takes port + 1: look for two free neighbours
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another pair
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }
}
