package engram.app.bench;

import com.google.gson.GsonBuilder;
import engram.app.kafka.EmbeddedKafka;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.train.corpus.CorpusGenerator;
import engram.engine.train.corpus.Split;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.NewsArticle;
import engram.schemas.serde.EngramSerdes;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import engram.topology.chunk.Chunk;
import engram.topology.chunk.Chunker;
import engram.topology.ingest.UpdateIds;
import engram.topology.engine.MemoryLLMEngine;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * {@code ./engram bench pipeline}: news items through the real broker and topology (validate, chunk, update log,
 * apply with exactly-once, version events read with read_committed), against the same model doing the same
 * self-updates directly, in the same run. Both sides cut the items with the topology's own chunker and limits and
 * apply every chunk; the pipeline is done when the version event of the last chunk has been read. The ratio is
 * the pipeline's cost over the engine's: Kafka, Avro, validation, transactions and the apply rounds.
 */
public final class PipelineBenchmark {

    /** What to run. */
    public record Options(Path model, int updates, Path out, long applyBudgetMillis) {
    }

    /**
     * What it measured.
     *
     * @param articles news items sent
     * @param updates self-updates they make (their chunks), applied on both sides
     * @param engineSeconds the engine alone: the mean of a run before and a run after the pipeline
     * @param ratio pipeline rate over engine-only rate
     * @param pipeline where the pipeline's time went
     * @param applyPathRatio the same chunks written straight onto the updates topic, over the engine-only rate
     */
    public record Report(String modelId, int articles, int updates, long applyBudgetMillis, double tokensPerUpdate,
                         double engineSeconds, double engineUpdatesPerSecond, double engineBeforeUpdatesPerSecond,
                         double engineAfterUpdatesPerSecond, double pipelineSeconds, double pipelineUpdatesPerSecond,
                         double ratio, PipelineRun pipeline, double applyPathUpdatesPerSecond,
                         double applyPathRatio, PipelineRun applyPath) {
    }

    /**
     * One pipeline run.
     *
     * @param seconds first article sent to the last version event read
     * @param firstVersionSeconds first article sent to the first version event read (ingest, first commit, queue)
     * @param selfUpdateSeconds sum of the version events' self-update durations (forward, drop and append)
     * @param commits exactly-once commits of the stream thread during this run
     * @param commitLatencyMs the mean commit duration over the thread's life: the engine waits meanwhile
     */
    public record PipelineRun(double seconds, double firstVersionSeconds, double selfUpdateSeconds, double commits,
                              double commitLatencyMs) {
    }

    /** The full path (news items in) and the apply path (chunks straight onto the updates topic). */
    private record BothPaths(PipelineRun full, PipelineRun apply) {
    }

    private static final String MEMORY = "bench";
    private static final String WARM_UP = "bench-warm-up";
    private static final String APPLY_ONLY = "bench-apply-path";

    private final PrintStream log;

    public PipelineBenchmark(PrintStream log) {
        this.log = log;
    }

    public Report run(Options options) throws Exception {
        TopologyConfig config = options.applyBudgetMillis() > 0
                ? TopologyConfig.defaults().withApplyBudgetMillis((int) options.applyBudgetMillis())
                : TopologyConfig.defaults();
        Path work = Files.createTempDirectory("engram-bench-pipeline");
        try (MemoryLLMEngine direct = new MemoryLLMEngine(MemoryLLM.load(options.model(), EngineOptions.defaults()));
             MemoryLLMEngine served = new MemoryLLMEngine(MemoryLLM.load(options.model(), EngineOptions.defaults()))) {
            // the ingest flow's chunker and limits (title-less articles are memorised as the body)
            Chunker chunker = new Chunker(direct::encode, Math.min(config.maxChunkTokens(), direct.maxChunkTokens()),
                    direct.minChunkTokens());
            List<String> texts = new ArrayList<>();
            List<Chunk> chunks = new ArrayList<>();
            for (String text : texts(options.updates())) {
                if (chunks.size() >= options.updates()) {
                    break;
                }
                texts.add(text);
                chunks.addAll(chunker.chunk(text));
            }
            int updates = chunks.size();

            // engine only, before and after the pipeline (this machine's speed drifts by 30 % between minutes):
            // cut, tokenize and apply each item's chunks, as the ingest and apply flows do
            direct.selfUpdate("warm-up", "w", chunker.chunk(texts.get(0)).get(0).tokenIds());
            double engineBefore = engineOnly(direct, chunker, texts, "engine-before");
            log.printf("engine only (before): %d updates in %.2f s (%.1f updates/s)%n", updates, engineBefore,
                    updates / engineBefore);

            BothPaths runs = pipeline(served, config, texts, chunks, work);
            PipelineRun run = runs.full();
            double pipelineSeconds = run.seconds();
            log.printf("pipeline:    %d updates (%d articles) in %.2f s (%.1f updates/s)%n", updates, texts.size(),
                    pipelineSeconds, updates / pipelineSeconds);

            double engineAfter = engineOnly(direct, chunker, texts, "engine-after");
            log.printf("engine only (after):  %d updates in %.2f s (%.1f updates/s)%n", updates, engineAfter,
                    updates / engineAfter);
            double engineSeconds = (engineBefore + engineAfter) / 2;
            long tokens = chunks.stream().mapToLong(c -> c.tokenIds().length).sum();
            Report report = new Report(direct.modelId(), texts.size(), updates, config.applyBudgetMillis(),
                    (double) tokens / updates, engineSeconds, updates / engineSeconds, updates / engineBefore,
                    updates / engineAfter, pipelineSeconds, updates / pipelineSeconds, engineSeconds / pipelineSeconds,
                    run, updates / runs.apply().seconds(), engineSeconds / runs.apply().seconds(), runs.apply());
            write(report, options.out());
            return report;
        } finally {
            deleteRecursively(work);
        }
    }

    /** Seconds to cut and apply every item's chunks to a fresh memory of the engine alone. */
    private static double engineOnly(MemoryLLMEngine engine, Chunker chunker, List<String> texts, String memory) {
        long started = System.nanoTime();
        int applied = 0;
        for (String text : texts) {
            for (Chunk chunk : chunker.chunk(text)) {
                engine.selfUpdate(memory, "u" + applied++, chunk.tokenIds());
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * The full path (news items in, through ingest) and then the apply path alone (the same chunks written straight
     * onto the updates topic, as a burst of already-ingested feeds would be), on one broker and one service.
     */
    private BothPaths pipeline(MemoryLLMEngine engine, TopologyConfig config, List<String> texts,
                                   List<Chunk> chunks, Path work) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(freePort(), work.resolve("kafka")).start()) {
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin a = Admin.create(admin)) {
                TopicSetup.ensure(a, config);
            }
            Properties streamsProps = StreamsProperties.build(config, kafka.bootstrapServers(),
                    work.resolve("streams").toString(), Map.of());
            try (KafkaStreams streams = new KafkaStreams(EngramTopology.build(config, engine), streamsProps);
                 KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers());
                 KafkaConsumer<String, byte[]> versions = consumer(kafka.bootstrapServers())) {
                streams.start();
                // assigned, not subscribed: a group join in the first poll would be timed as pipeline latency
                List<TopicPartition> partitions = versions.partitionsFor(config.topics().versions()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                versions.assign(partitions);
                versions.seekToBeginning(partitions);
                partitions.forEach(versions::position); // resolve the start offsets now
                awaitRunning(streams);
                // warm-up, as for the engine alone: the first item through a fresh service also pays for the
                // first transactions, fetch positions and the engine's first call
                send(producer, config, WARM_UP, 0, texts.get(0));
                awaitVersions(versions, WARM_UP, 1, v -> { });

                PipelineRun full = timed(streams, versions, MEMORY, chunks.size(), () -> {
                    for (int i = 0; i < texts.size(); i++) {
                        send(producer, config, MEMORY, i, texts.get(i));
                    }
                    producer.flush();
                });
                log.printf("full path: first version after %.2f s; %.2f s inside self-updates%n",
                        full.firstVersionSeconds(), full.selfUpdateSeconds());
                PipelineRun apply = timed(streams, versions, APPLY_ONLY, chunks.size(), () -> {
                    for (int i = 0; i < chunks.size(); i++) {
                        sendUpdate(producer, config, engine, i, chunks.get(i));
                    }
                    producer.flush();
                });
                log.printf("apply path: %d updates in %.2f s (%.1f updates/s), %.2f s inside self-updates%n",
                        chunks.size(), apply.seconds(), chunks.size() / apply.seconds(), apply.selfUpdateSeconds());
                return new BothPaths(full, apply);
            }
        }
    }

    /** Runs {@code sendAll}, then reads versions until {@code memory} reaches {@code updates}. */
    private static PipelineRun timed(KafkaStreams streams, KafkaConsumer<String, byte[]> versions, String memory,
                                     int updates, Runnable sendAll) {
        double commitsBefore = threadMetric(streams, "commit-total");
        long started = System.nanoTime();
        sendAll.run();
        long[] engineMicros = {0};
        long[] firstVersionNanos = {0};
        awaitVersions(versions, memory, updates, v -> {
            engineMicros[0] += v.getDurationMicros();
            firstVersionNanos[0] = firstVersionNanos[0] == 0 ? System.nanoTime() : firstVersionNanos[0];
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        return new PipelineRun(seconds, (firstVersionNanos[0] - started) / 1e9, engineMicros[0] / 1e6,
                threadMetric(streams, "commit-total") - commitsBefore, threadMetric(streams, "commit-latency-avg"));
    }

    /** One chunk as the ingest flow would have written it onto the updates topic. */
    private static void sendUpdate(KafkaProducer<String, byte[]> producer, TopologyConfig config,
                                   MemoryLLMEngine engine, int i, Chunk chunk) {
        SourceCoordinates source = new SourceCoordinates("bench.direct", 0, (long) i);
        MemoryUpdate update = MemoryUpdate.newBuilder().setUpdateId(UpdateIds.of(source, 0, 1))
                .setMemoryId(APPLY_ONLY).setSource(source).setSourceKind(SourceKind.NEWS).setSourceId("d" + i)
                .setChunkIndex(0).setChunkCount(1).setText(chunk.text())
                .setTokenIds(Arrays.stream(chunk.tokenIds()).boxed().toList())
                .setTokenizerId(engine.tokenizerId()).setModelId(engine.modelId())
                .setCreatedAt(java.time.Instant.now()).build();
        producer.send(new ProducerRecord<>(config.topics().updates(), APPLY_ONLY,
                EngramSerdes.memoryUpdate().codec().encode(update)));
    }

    private static void send(KafkaProducer<String, byte[]> producer, TopologyConfig config, String memory, int i,
                             String text) {
        NewsArticle article = NewsArticle.newBuilder().setId(memory + "-" + i).setMemoryId(memory)
                .setSource("bench").setTitle("").setBody(text)
                .setPublishedAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L + i)).build();
        producer.send(new ProducerRecord<>(config.topics().news(), memory,
                EngramSerdes.newsArticle().codec().encode(article)));
    }

    /** Reads version events until {@code memory} has reached {@code version}, passing each of its events on. */
    private static void awaitVersions(KafkaConsumer<String, byte[]> versions, String memory, long version,
                                      Consumer<MemoryVersion> each) {
        var codec = EngramSerdes.memoryVersion().codec();
        long seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < version) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("memory '" + memory + "': only " + seen + " of " + version
                        + " versions in 10 min");
            }
            for (ConsumerRecord<String, byte[]> r : versions.poll(Duration.ofMillis(200))) {
                MemoryVersion v = codec.decode(r.value());
                if (memory.equals(v.getMemoryId())) {
                    seen = Math.max(seen, v.getVersion());
                    each.accept(v);
                }
            }
        }
    }

    /** A stream-thread metric of Kafka Streams (one stream thread here). */
    private static double threadMetric(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElse(Double.NaN);
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /** Fact contexts of at least 16 tokens (the trained minimum) and filler, as news feeds look: one chunk or more. */
    static List<String> texts(int count) {
        CorpusGenerator generator = new CorpusGenerator(99, Split.HELDOUT_NAMES);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generator.context(generator.nextFact()).text() + " " + generator.filler());
        }
        return out;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
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
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another pair
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }

    private void write(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("bench-pipeline.json"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(report) + "\n");
        String md = String.format("| model | articles | updates | apply round ms | tokens/update | "
                        + "engine-only updates/s (before, after) | pipeline updates/s | pipeline / engine |%n"
                        + "|---|---|---|---|---|---|---|---|%n| %s | %d | %d | %d | %.1f | %.1f (%.1f, %.1f) | %.1f | "
                        + "%.0f%% |%n",
                report.modelId(), report.articles(), report.updates(), report.applyBudgetMillis(),
                report.tokensPerUpdate(),
                report.engineUpdatesPerSecond(), report.engineBeforeUpdatesPerSecond(),
                report.engineAfterUpdatesPerSecond(),
                report.pipelineUpdatesPerSecond(), 100 * report.ratio())
                + String.format("%nFull path (news items in): first version after %.2f s; %.2f s of its %.2f s inside"
                        + " self-updates; %.0f exactly-once commits.%n", report.pipeline().firstVersionSeconds(),
                report.pipeline().selfUpdateSeconds(), report.pipeline().seconds(), report.pipeline().commits())
                + String.format("Apply path (the same chunks written onto the updates topic): %.1f updates/s, %.0f%% of "
                        + "engine-only; %.2f s of its %.2f s inside self-updates; %.0f commits (%.1f ms on average).%n",
                report.applyPathUpdatesPerSecond(), 100 * report.applyPathRatio(),
                report.applyPath().selfUpdateSeconds(), report.applyPath().seconds(), report.applyPath().commits(),
                report.applyPath().commitLatencyMs());
        Files.writeString(out.resolve("bench-pipeline.md"), md);
        log.print(md);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
