package engram.app.bench;

import com.google.gson.GsonBuilder;
import engram.app.kafka.EmbeddedKafka;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.train.corpus.CorpusGenerator;
import engram.engine.train.corpus.Split;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.serde.EngramSerdes;
import engram.topology.EngramTopology;
import engram.topology.StreamsProperties;
import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import engram.topology.chunk.Chunk;
import engram.topology.chunk.Chunker;
import engram.topology.engine.MemoryLLMEngine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
     * @param pipeline where the pipeline's time went
     */
    public record Report(String modelId, int articles, int updates, long applyBudgetMillis, double tokensPerUpdate,
                         double engineSeconds,
                         double engineUpdatesPerSecond, double pipelineSeconds, double pipelineUpdatesPerSecond,
                         double ratio, PipelineRun pipeline) {
    }

    /**
     * One pipeline run.
     *
     * @param seconds first article sent to the last version event read
     * @param firstVersionSeconds first article sent to the first version event read (ingest, first commit, queue)
     * @param selfUpdateSeconds sum of the version events' self-update durations (forward, drop and append)
     * @param commits exactly-once commits of the stream thread over its life
     * @param commitLatencyMs their mean duration: the engine waits meanwhile
     */
    public record PipelineRun(double seconds, double firstVersionSeconds, double selfUpdateSeconds, double commits,
                              double commitLatencyMs) {
    }

    private static final String MEMORY = "bench";

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
            int updates = 0;
            for (String text : texts(options.updates())) {
                if (updates >= options.updates()) {
                    break;
                }
                texts.add(text);
                updates += chunker.chunk(text).size();
            }

            // engine only: cut, tokenize and apply each item's chunks, as the ingest and apply flows do
            long tokens = 0;
            direct.selfUpdate("warm-up", "w", chunker.chunk(texts.get(0)).get(0).tokenIds());
            long started = System.nanoTime();
            int applied = 0;
            for (String text : texts) {
                for (Chunk chunk : chunker.chunk(text)) {
                    tokens += chunk.tokenIds().length;
                    direct.selfUpdate(MEMORY, "u" + applied++, chunk.tokenIds());
                }
            }
            double engineSeconds = (System.nanoTime() - started) / 1e9;
            log.printf("engine only: %d updates in %.2f s (%.1f updates/s)%n", updates, engineSeconds,
                    updates / engineSeconds);

            PipelineRun run = pipeline(served, config, texts, updates, work);
            double pipelineSeconds = run.seconds();
            log.printf("pipeline:    %d updates (%d articles) in %.2f s (%.1f updates/s)%n", updates, texts.size(),
                    pipelineSeconds, updates / pipelineSeconds);
            Report report = new Report(direct.modelId(), texts.size(), updates, config.applyBudgetMillis(),
                    (double) tokens / updates, engineSeconds, updates / engineSeconds, pipelineSeconds,
                    updates / pipelineSeconds, engineSeconds / pipelineSeconds, run);
            write(report, options.out());
            return report;
        } finally {
            deleteRecursively(work);
        }
    }

    /** Seconds from the first article sent to the version event of the last update read (read_committed). */
    private PipelineRun pipeline(MemoryLLMEngine engine, TopologyConfig config, List<String> texts, int updates, Path work)
            throws Exception {
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
                versions.subscribe(List.of(config.topics().versions()));
                awaitRunning(streams);
                var codec = EngramSerdes.newsArticle().codec();
                long started = System.nanoTime();
                for (int i = 0; i < texts.size(); i++) {
                    NewsArticle article = NewsArticle.newBuilder().setId("bench-" + i).setMemoryId(MEMORY)
                            .setSource("bench").setTitle("").setBody(texts.get(i))
                            .setPublishedAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L + i)).build();
                    producer.send(new ProducerRecord<>(config.topics().news(), MEMORY, codec.encode(article)));
                }
                producer.flush();
                var versionCodec = EngramSerdes.memoryVersion().codec();
                long seen = 0;
                long engineMicros = 0;
                long firstVersionNanos = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (seen < updates) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + seen + " of " + updates + " versions in 10 min");
                    }
                    for (ConsumerRecord<String, byte[]> r : versions.poll(Duration.ofMillis(200))) {
                        MemoryVersion v = versionCodec.decode(r.value());
                        if (MEMORY.equals(v.getMemoryId())) {
                            seen = Math.max(seen, v.getVersion());
                            engineMicros += v.getDurationMicros();
                            firstVersionNanos = firstVersionNanos == 0 ? System.nanoTime() : firstVersionNanos;
                        }
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                PipelineRun run = new PipelineRun(seconds, (firstVersionNanos - started) / 1e9, engineMicros / 1e6,
                        threadMetric(streams, "commit-total"), threadMetric(streams, "commit-latency-avg"));
                log.printf("pipeline: first version after %.2f s; %.2f s inside self-updates; %.0f commits of %.1f ms"
                        + "%n", run.firstVersionSeconds(), run.selfUpdateSeconds(), run.commits(),
                        run.commitLatencyMs());
                return run;
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
                        + "engine-only updates/s | pipeline updates/s | pipeline / engine |%n"
                        + "|---|---|---|---|---|---|---|---|%n| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.0f%% |%n",
                report.modelId(), report.articles(), report.updates(), report.applyBudgetMillis(),
                report.tokensPerUpdate(),
                report.engineUpdatesPerSecond(),
                report.pipelineUpdatesPerSecond(), 100 * report.ratio())
                + String.format("%nPipeline: first version after %.2f s; %.2f s of its %.2f s inside self-updates; "
                        + "%.0f exactly-once commits of %.1f ms on average.%n", report.pipeline().firstVersionSeconds(),
                report.pipeline().selfUpdateSeconds(), report.pipeline().seconds(), report.pipeline().commits(),
                report.pipeline().commitLatencyMs());
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
