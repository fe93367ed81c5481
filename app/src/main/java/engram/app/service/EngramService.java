package engram.app.service;

import engram.app.api.StatusView;
import engram.app.ask.QueryClient;
import engram.app.cli.VersionProvider;
import engram.app.config.EngramSettings;
import engram.app.config.KafkaSettings;
import engram.app.config.LimitSettings;
import engram.app.config.PoolSettings;
import engram.app.config.StartupFailure;
import engram.app.config.TopicSettings;
import engram.topology.Topics;
import engram.app.engine.EngineInfo;
import engram.app.kafka.KafkaClients;
import engram.app.observe.MemoryLedger;
import engram.app.observe.TopicObserver;
import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import engram.topology.apply.Durability;
import engram.topology.engine.MemoryEngine;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's lifecycle in one place, because the order matters: Kafka (embedded broker if needed) → topics →
 * engine → topology → topic observer on start, and the reverse on stop, so that Streams commits and closes while
 * the engine and the broker are still there, and the engine closes only when nothing calls it any more.
 * Created (and so started) when first asked for: {@code engram run} does that before it opens the HTTP port;
 * a context that never asks (a configuration test) starts nothing.
 */
@Singleton
public class EngramService {
    private static final Logger LOG = LoggerFactory.getLogger(EngramService.class);
    /** How long a stop waits for the broker to say it is there. */
    private static final Duration PROBE = Duration.ofSeconds(1);

    private final KafkaConnection kafka;
    private final BeanProvider<MemoryEngine> engineProvider;
    private volatile MemoryEngine engine;
    private final EngineInfo engineInfo;
    private final EngramSettings settings;
    private final TopicSettings topicSettings;
    private final LimitSettings limits;
    private final PoolSettings pool;
    private final MemoryLedger ledger;
    private Durability durability = Durability.NONE;
    private TopologyConfig topologyConfig;
    private StreamsRunner streams;
    private TopicObserver observer;
    private KafkaProducer<String, byte[]> sharedProducer;
    private volatile StopSummary stopped;

    /**
     * @param engineInfo the checked model location and device: resolving it first makes a wrong path or device
     *     fail before anything starts
     * @param engineProvider the engine, loaded only once Kafka is known to be there (loading a large model
     *     takes long; an unreachable broker should not wait for it)
     */
    public EngramService(KafkaConnection kafka, BeanProvider<MemoryEngine> engineProvider, EngineInfo engineInfo, EngramSettings settings,
            TopicSettings topicSettings, LimitSettings limits, PoolSettings pool, MemoryLedger ledger) {
        this.kafka = kafka;
        this.engineProvider = engineProvider;
        this.engineInfo = engineInfo;
        this.settings = settings;
        this.topicSettings = topicSettings;
        this.limits = limits;
        this.pool = pool;
        this.ledger = ledger;
    }

    @PostConstruct
    void start() {
        long t0 = System.nanoTime();
        try {
            KafkaClients clients = kafka.open();
            LOG.info("Kafka ready at {} in {} ms", clients.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            topologyConfig = topologyConfig();
            long loading = System.nanoTime();
            engine = engineProvider.get();
            LOG.info("model {} loaded on {} in {} ms", engine.modelId(), engineInfo.device(), (System.nanoTime() - loading) / 1_000_000);
            try (Admin admin = clients.admin()) {
                List<String> created = TopicSetup.ensure(admin, topologyConfig);
                if (!created.isEmpty()) {
                    LOG.info("created topics {}", created);
                }
            } catch (IllegalStateException e) {
                throw new StartupFailure(e.getMessage().replace("\n", " "), e);
            }
            durability = DurabilitySetup.forEngine(engine, clients, topics(), pool);
            streams = new StreamsRunner(topologyConfig, engine, durability, clients, settings);
            streams.start();
            LOG.info("topics ready and topology started in {} ms", (System.nanoTime() - t0) / 1_000_000);
            observer = new TopicObserver(clients, topics(), ledger);
            observer.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private TopologyConfig topologyConfig() {
        try {
            return TopologyConfig.defaults()
                    .withPrefix(topicSettings.prefix())
                    .withPartitions(topicSettings.partitionsFor(kafka.embedded()))
                    .withReplicationFactor(topicSettings.replicationFactor())
                    .withMaxRecordBytes(limits.maxRecordBytes())
                    .withMaxChunkTokens(limits.maxChunkTokens())
                    .withMaxNewTokens(limits.maxNewTokens());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure("bad engram.topics / engram.limits setting: " + e.getMessage(), e);
        }
    }

    /** Waits until the topology is running; false if it failed or the timeout passed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return streams != null && streams.awaitRunning(timeout);
    }

    @PreDestroy
    synchronized void stop() {
        long t0 = System.nanoTime();
        // a broker that does not answer cannot take the last commit: then the topology gets only the configured bound
        boolean kafkaAnswers = streams == null || kafka.clients().answers(PROBE);
        Duration bound = kafkaAnswers ? StreamsRunner.CLOSE_TIMEOUT : settings.shutdownTimeout();
        if (observer != null) {
            observer.stop();
            observer = null;
        }
        if (sharedProducer != null) {
            sharedProducer.close(kafkaAnswers ? Duration.ofSeconds(5) : Duration.ZERO);
            sharedProducer = null;
        }
        boolean topologyClosed = true;
        if (streams != null) {
            topologyClosed = streams.close(bound);
            stopped = new StopSummary(Duration.ZERO, kafka.bootstrapServers(), kafkaAnswers, bound, topologyClosed,
                    durability != Durability.NONE);
            streams = null;
        }
        if (engine != null && topologyClosed) {
            durability.flushAll(); // the tasks flushed on close; this catches anything a failed close left
            engine.close(); // after the topology: nothing calls it any more; the adapter flushes what it keeps
        } // else a stream thread may still be in the engine: the process ends without closing it
        engine = null;
        kafka.close();
        if (stopped != null) {
            stopped = stopped.took(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** What the last stop did, in one line; null before a started service stops. */
    public StopSummary stopSummary() {
        return stopped;
    }

    public Topics topics() {
        return Topics.withPrefix(topicSettings.prefix());
    }

    public KafkaStreams.State topologyState() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaClients clients() {
        return kafka.clients();
    }

    public QueryClient queryClient() {
        return new QueryClient(kafka.clients(), topics().queries(), topics().answers());
    }

    /** One producer for the HTTP ingest endpoint (producers are thread-safe and costly to create). */
    public synchronized KafkaProducer<String, byte[]> sharedProducer() {
        if (sharedProducer == null) {
            sharedProducer = kafka.clients().producer();
        }
        return sharedProducer;
    }

    /** Where pool snapshots go and how often, for the startup lines. */
    public String pools() {
        return pool.snapshotPath().toAbsolutePath().normalize() + "  (snapshot every " + pool.snapshotEvery()
                + " updates or " + interval(pool.snapshotInterval()) + ", and on stop)";
    }

    private static String interval(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    public EngineInfo engineInfo() {
        return engineInfo;
    }

    public StatusView status() {
        return new StatusView(VersionProvider.version(),
                new StatusView.Kafka(bootstrapServers(), kafka.embedded(), topicSettings.prefix()),
                model(), topologyState().name(), ledger.memories(), ledger.recentAnswers());
    }

    public MemoryLedger ledger() {
        return ledger;
    }

    public StatusView.Model model() {
        MemoryEngine e = engine;
        return new StatusView.Model(engineInfo.modelPath(), engineInfo.device(), e == null ? null : e.modelId(), e != null);
    }
}
