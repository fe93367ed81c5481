package engram.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.api.AnswerView;
import engram.app.api.MemoryView;
import engram.app.api.VersionView;
import engram.app.ask.QueryClient;
import engram.app.metrics.EngramMetrics;
import engram.app.observe.MemoryLedger;
import engram.app.observe.TopicObserver;
import engram.app.testing.Cli;
import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.Query;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.TopicSetup;
import engram.topology.Topics;
import engram.topology.TopologyConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader of Engram's own output topics ({@code engram versions}, the answer reader of {@code ask}, the topic
 * observer behind status and metrics) skips the records of aborted transactions. A crashed service leaves such
 * records in the log (its exactly-once transaction is aborted on restart, and the work is done again); here a
 * transactional producer on a real broker writes them, between committed ones.
 */
class AbortedWritesAreNotReadTest {

    private static final AvroCodec<MemoryUpdate> UPDATES = new AvroCodec<>(MemoryUpdate.class);
    private static final AvroCodec<MemoryVersion> VERSIONS = new AvroCodec<>(MemoryVersion.class);
    private static final AvroCodec<Answer> ANSWERS = new AvroCodec<>(Answer.class);
    private static final AvroCodec<Query> QUERIES = new AvroCodec<>(Query.class);

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static Topics topics;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("aborted");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, config);
        }
        topics = config.topics();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void versionsListsCommittedVersionsOnly() {
        try (KafkaProducer<String, byte[]> producer = transactional("versions-writer")) {
            commit(producer, versionRecord("listed", 1, "c1"));
            abort(producer, versionRecord("listed", 2, "aborted-2"), versionRecord("listed", 3, "aborted-3"));
            commit(producer, versionRecord("listed", 2, "c2"));
        }
        Cli versions = Cli.run("versions", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", "aborted",
                "--memory", "listed");
        assertEquals(0, versions.exitCode(), versions::toString);
        List<String> rows = versions.out().lines().skip(1).toList();
        assertEquals(2, rows.size(), versions::toString);
        assertTrue(rows.get(0).endsWith(" c1") && rows.get(1).endsWith(" c2"), versions::toString);
        assertFalse(versions.out().contains("aborted"), versions::toString);
    }

    @Test
    void theTopicObserverCountsCommittedUpdatesVersionsAndAnswersOnly() throws Exception {
        try (KafkaProducer<String, byte[]> producer = transactional("observer-writer")) {
            commit(producer, updateRecord("observed", 0), versionRecord("observed", 1, "c1"),
                    answerRecord("observed", "r-first", "first answer"));
            abort(producer, updateRecord("observed", 1), versionRecord("observed", 2, "aborted-2"),
                    answerRecord("observed", "r-aborted", "aborted answer"));
            commit(producer, updateRecord("observed", 2), versionRecord("observed", 2, "c2"),
                    answerRecord("observed", "r-last", "last answer"));
        }
        MemoryLedger ledger = new MemoryLedger(new EngramMetrics(new SimpleMeterRegistry()));
        TopicObserver observer = new TopicObserver(clients(), topics, ledger);
        observer.start();
        try {
            // the last committed record of each topic has been read, so everything before it too
            await(() -> ledger.memories().stream().anyMatch(m -> m.memoryId().equals("observed")
                    && m.updatesLogged() == 2 && "c2".equals(m.poolChecksum()))
                    && ledger.recentAnswers().stream().anyMatch(a -> a.requestId().equals("r-last")),
                    () -> "ledger: " + ledger.memories() + " " + ledger.recentAnswers());
            MemoryView memory = ledger.memories().stream().filter(m -> m.memoryId().equals("observed"))
                    .findFirst().orElseThrow();
            assertEquals(2, memory.version());
            assertEquals(0, memory.lag(), memory::toString);
            assertEquals(List.of("c1", "c2"), ledger.recentVersions("observed").stream()
                    .map(VersionView::poolChecksum).toList());
            assertEquals(List.of("r-last", "r-first"), ledger.recentAnswers().stream()
                    .map(AnswerView::requestId).toList());
        } finally {
            observer.stop();
        }
    }

    @Test
    void askTakesTheCommittedAnswerAndNotAnAbortedOne() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            // stands in for the topology: answers the one query in an aborted transaction first, then commits
            Future<?> responder = executor.submit(() -> {
                try (KafkaConsumer<String, byte[]> queries = committedConsumer();
                     KafkaProducer<String, byte[]> producer = transactional("answer-writer")) {
                    List<TopicPartition> partitions = KafkaClients.partitions(queries, List.of(topics.queries()));
                    queries.assign(partitions);
                    queries.seekToBeginning(partitions);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : queries.poll(Duration.ofMillis(100))) {
                            Query q = QUERIES.decode(r.value());
                            abort(producer, answerRecord(q.getMemoryId(), q.getRequestId(), "aborted answer"));
                            commit(producer, answerRecord(q.getMemoryId(), q.getRequestId(), "committed answer"));
                            return null;
                        }
                    }
                    throw new AssertionError("no query arrived");
                }
            });
            QueryClient client = new QueryClient(clients(), topics.queries(), topics.answers());
            Optional<Answer> answer = client.ask(new QueryClient.Question("asked", "Who?", 8, null),
                    Duration.ofSeconds(30));
            responder.get(30, TimeUnit.SECONDS);
            assertTrue(answer.isPresent(), "no answer");
            assertEquals("committed answer", answer.get().getAnswer());
        } finally {
            executor.shutdownNow();
        }
    }

    private static KafkaClients clients() {
        return KafkaClients.forBootstrap(broker.bootstrapServers(), Map.of());
    }

    private static KafkaConsumer<String, byte[]> committedConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> transactional(String id) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    @SafeVarargs
    private static void commit(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]>... records) {
        producer.beginTransaction();
        for (ProducerRecord<String, byte[]> r : records) {
            producer.send(r);
        }
        producer.commitTransaction();
    }

    /** Sends the records and makes sure they are in the log before the transaction is aborted. */
    @SafeVarargs
    private static void abort(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]>... records) {
        producer.beginTransaction();
        for (ProducerRecord<String, byte[]> r : records) {
            producer.send(r);
        }
        producer.flush();
        producer.abortTransaction();
    }

    private static ProducerRecord<String, byte[]> updateRecord(String memory, long sourceOffset) {
        MemoryUpdate u = MemoryUpdate.newBuilder().setUpdateId("u" + sourceOffset).setMemoryId(memory)
                .setSource(new SourceCoordinates("aborted.news", 0, sourceOffset)).setSourceKind(SourceKind.NEWS)
                .setSourceId("a" + sourceOffset).setChunkIndex(0).setChunkCount(1).setText("t")
                .setTokenIds(List.of(1, 2)).setTokenizerId("tok").setModelId("m").setCreatedAt(Instant.EPOCH).build();
        return new ProducerRecord<>(topics.updates(), memory, UPDATES.encode(u));
    }

    private static ProducerRecord<String, byte[]> versionRecord(String memory, long version, String checksum) {
        MemoryVersion v = MemoryVersion.newBuilder().setMemoryId(memory).setVersion(version).setUpdateId("u")
                .setSourceId("s").setUpdateLog(new SourceCoordinates(topics.updates(), 0, version - 1))
                .setSource(new SourceCoordinates("aborted.news", 0, version)).setTokenCount(2).setDropSeed(version)
                .setPoolChecksum(checksum).setModelId("m").setAppliedAt(Instant.ofEpochMilli(1000 * version))
                .setDurationMicros(1500).build();
        return new ProducerRecord<>(topics.versions(), memory, VERSIONS.encode(v));
    }

    private static ProducerRecord<String, byte[]> answerRecord(String memory, String requestId, String text) {
        Answer a = Answer.newBuilder().setRequestId(requestId).setMemoryId(memory).setStatus(AnswerStatus.OK)
                .setAnswer(text).setMemoryVersion(1L).setLatencyMillis(40).setAnsweredAt(Instant.EPOCH).build();
        return new ProducerRecord<>(topics.answers(), requestId, ANSWERS.encode(a));
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s; " + state.get());
            }
            Thread.sleep(50); // polling the observer's ledger with a deadline
        }
    }
}
