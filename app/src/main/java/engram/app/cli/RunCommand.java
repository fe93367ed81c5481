package engram.app.cli;

import engram.app.config.KafkaSettings;
import engram.app.config.StartupFailure;
import engram.app.service.EngramService;
import engram.app.service.StopSummary;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram run}: the service. Starts the Micronaut application (which starts the embedded broker when no
 * Kafka is configured, creates the topics and runs the topology), prints where it listens, and runs until
 * Ctrl-C, when it closes the topology first and the broker last.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the Engram service.",
            "With no Kafka configured it starts an embedded broker on 127.0.0.1 (data in .engram/kafka).",
            "Configuration: app/src/main/resources/application.yml, overridden by environment variables "
                + "(ENGRAM_KAFKA_BOOTSTRAP_SERVERS, ENGRAM_MODEL_PATH, ENGRAM_MODEL_DEVICE ...) or -Dkey=value."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not start (the reason is printed on one line)"})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of the embedded broker (engram.kafka.bootstrap-servers).")
    String bootstrap;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Port of the embedded broker (engram.kafka.embedded-port, default 9092).")
    Integer kafkaPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of the HTTP API, health and metrics (micronaut.server.port, default 8080).")
    Integer httpPort;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (engram.model.path).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", description = "Where the model runs (engram.model.device).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "Torch threads (default: torch's own, one per core;"
            + " 1 is faster for engram-tiny on a 2-core machine: topology README, \"Pipeline benchmark\").")
    Integer threads;

    /** Runs until the JVM is told to stop. */
    @Override
    public Integer call() throws InterruptedException {
        TorchThreads.set(threads);
        Started started = start(overrides(), System.out, System.err);
        if (started == null) {
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("engram: stopping (the topology, then the engine, then Kafka)...");
            started.context().close();
            StopSummary summary = started.service().stopSummary();
            System.err.println(summary == null ? "engram: stopped" : summary.line());
            stopped.countDown();
        }, "engram-shutdown"));
        stopped.await();
        return 0;
    }

    /** A running service. */
    public record Started(ApplicationContext context, EngramService service, EmbeddedServer http) {}

    /**
     * Starts the service, prints where it listens and returns it; on failure prints one line to {@code err} and
     * returns null. Tests use this directly.
     */
    public static Started start(Map<String, Object> properties, PrintStream out, PrintStream err) throws InterruptedException {
        long t0 = System.nanoTime();
        ApplicationContext context = null;
        try {
            context = ApplicationContext.builder().deduceEnvironment(false).properties(properties).start();
            requireHttpPortFree(context); // fail before the broker and the model are started, not after
            EngramService service = context.getBean(EngramService.class);
            EmbeddedServer http = context.getBean(EmbeddedServer.class);
            if (!http.isRunning()) {
                startHttp(http, context);
            }
            long contextStarted = System.nanoTime();
            boolean running = service.awaitRunning(Duration.ofSeconds(60));
            LOG.info("context started in {} ms, topology running {} ms later",
                    (contextStarted - t0) / 1_000_000, (System.nanoTime() - contextStarted) / 1_000_000);
            KafkaSettings kafka = context.getBean(KafkaSettings.class);
            out.printf("Engram is %s after %.1f s%n", running ? "running" : "up (topology not running yet)",
                    (System.nanoTime() - t0) / 1e9);
            out.println("  Kafka    " + service.bootstrapServers()
                    + (kafka.embedded() ? "  (embedded broker, data in " + kafka.embeddedDataPath().toAbsolutePath() + ")" : ""));
            out.println("  HTTP     " + http.getURL() + "  (status page /, /api/status, /health, /prometheus)");
            out.println("  Model    " + service.engineInfo().modelPath() + " on " + service.engineInfo().device());
            out.println("  Pools    " + service.pools());
            out.println("  Topics   " + service.topics().news() + ", " + service.topics().queries() + ", "
                    + service.topics().answers() + " ...");
            out.println("Try: ./engram ingest samples/news.jsonl && ./engram ask \"...\"    (Ctrl-C stops)");
            out.flush();
            return new Started(context, service, http);
        } catch (RuntimeException e) {
            if (context != null && context.isRunning()) {
                context.close();
            }
            err.println("engram run: " + oneLine(e));
            return null;
        }
    }

    private static String httpAddress(ApplicationContext context) {
        return context.getProperty("micronaut.server.host", String.class).orElse("127.0.0.1") + ":"
                + context.getProperty("micronaut.server.port", Integer.class).map(String::valueOf).orElse("8080");
    }

    private static StartupFailure httpFailure(String where, Throwable e) {
        return new StartupFailure("cannot serve HTTP on " + where + ": " + oneLine(e)
                + "; set --http-port or micronaut.server.port (MICRONAUT_SERVER_PORT)", e);
    }

    /** A quick bind-and-release of the HTTP port; the real start below still reports a lost race. */
    private static void requireHttpPortFree(ApplicationContext context) {
        int port = context.getProperty("micronaut.server.port", Integer.class).orElse(8080);
        String host = context.getProperty("micronaut.server.host", String.class).orElse("127.0.0.1");
        if (port <= 0) {
            return; // a random port is always free
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw httpFailure(httpAddress(context), e);
        }
    }

    private static void startHttp(EmbeddedServer http, ApplicationContext context) {
        String where = httpAddress(context); // read before starting: a failed start shuts the context down
        try {
            http.start();
        } catch (RuntimeException e) {
            throw httpFailure(where, e);
        }
    }

    /** The user-facing reason: our own StartupFailure if there is one, else the root cause's first line. */
    static String oneLine(Throwable e) {
        StartupFailure f = StartupFailure.find(e);
        if (f != null) {
            return f.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private Map<String, Object> overrides() {
        Map<String, Object> p = new HashMap<>();
        if (bootstrap != null) {
            p.put("engram.kafka.bootstrap-servers", bootstrap);
        }
        if (kafkaPort != null) {
            p.put("engram.kafka.embedded-port", kafkaPort);
        }
        if (httpPort != null) {
            p.put("micronaut.server.port", httpPort);
        }
        if (model != null) {
            p.put("engram.model.path", model);
        }
        if (device != null) {
            p.put("engram.model.device", device);
        }
        return p;
    }
}
