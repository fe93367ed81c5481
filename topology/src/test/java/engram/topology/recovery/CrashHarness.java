package engram.topology.recovery;

import engram.topology.TopologyConfig;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.TinyMemoryLLM;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Issue 7's acceptance: the service ({@link CrashChild}: topology + tiny real engine + durability) runs in a child
 * JVM against a broker in this JVM, is fed a fixed stream of updates, killed with SIGKILL
 * ({@link Process#destroyForcibly}) at random points and restarted; the versions topic (read_committed) must end
 * equal to an uninterrupted run: every memory's versions 1..n exactly once, consecutive, same checksums.
 *
 * <p>Kill points: half of them when the committed versions reach a random count within the batch being applied,
 * the others a random delay after the start (often during startup or recovery).
 */
final class CrashHarness {

    /**
     * @param updates total updates, over {@code memories} memories
     * @param kills SIGKILLs before the final run
     * @param snapshotEvery snapshot after this many updates of a memory
     * @param seed of the kill points
     */
    record Options(int updates, int memories, int kills, int snapshotEvery, long seed, Duration timeout) {}

    /** One kill and the restart after it. */
    /**
     * @param startMillis from launching the child JVM to its topology running (JVM, model load, Streams start)
     * @param reapplied updates the restarted child re-applied to restore its pools
     * @param recoveries what each restore did (memory@version from snapshot + re-applied in ms)
     */
    record Restart(int index, String killPoint, long versionsAtKill, long startMillis, long reapplied,
                   String recoveries) {}

    record Report(List<Restart> restarts, long totalVersions, long reappliedTotal, double seconds) {}

    private static final Pattern RECOVERED = Pattern.compile(
            "memory '([^']+)': recovered version (\\d+) from (.+?) \\+ (\\d+) re-applied updates in (\\d+) ms");

    private final Options options;
    private final PrintStream log;

    CrashHarness(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    Report run(Path dir) throws Exception {
        long started = System.nanoTime();
        // the killed child's open transaction must be aborted quickly for the restart to read on: check timeouts
        // every second (default 10 s) and allow 2 s consumer sessions (default minimum 6 s)
        try (KafkaTestBroker broker = KafkaTestBroker.start(Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000",
                "group.min.session.timeout.ms", "1000"))) {
            TopologyConfig config = TopologyConfig.defaults().withPrefix("crash").withPartitions(2);
            broker.ensureTopics(config);
            Path model = TinyMemoryLLM.write(dir.resolve("model"));
            List<String> memories = new ArrayList<>();
            for (int i = 0; i < options.memories(); i++) {
                memories.add("mem-" + i);
            }
            UpdateStream stream;
            Map<String, List<String>> reference;
            try (MemoryLLMEngine uninterrupted = TinyMemoryLLM.engine(model)) {
                stream = new UpdateStream(memories, options.updates(), uninterrupted.tokenizerId(),
                        uninterrupted.modelId());
                reference = stream.referenceChecksums(uninterrupted);
            }
            Random random = new Random(options.seed());
            List<Restart> restarts = new ArrayList<>();
            int batch = Math.max(1, options.updates() / (options.kills() + 1));
            int sent = 0;
            try (KafkaTestBroker.TopicReader versions = broker.reader(config.topics().versions())) {
                for (int k = 0; k <= options.kills(); k++) {
                    boolean last = k == options.kills();
                    int upTo = last ? options.updates() : Math.min(options.updates(), sent + batch);
                    stream.send(broker.bootstrapServers(), config.topics().updates(), sent, upTo);
                    sent = upTo;
                    Path childLog = dir.resolve("child-" + k + ".log");
                    long start = System.nanoTime();
                    Process child = startChild(broker, config, model, dir, childLog);
                    try {
                        awaitStarted(child, childLog);
                        long startMillis = (System.nanoTime() - start) / 1_000_000;
                        if (k > 0) {
                            restarts.set(k - 1, withStart(restarts.get(k - 1), startMillis));
                        }
                        int target = sent;
                        if (last) {
                            versions.until(r -> r.size() >= target || !child.isAlive(), options.timeout(),
                                    "all " + target + " versions");
                            requireAlive(child, childLog);
                        } else {
                            String point = killPoint(random, versions, child, childLog, target);
                            long have = versions.drain(Duration.ZERO).size();
                            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                            restarts.add(new Restart(k, point, have, 0, 0, ""));
                            log.printf("kill %d: %s, %d versions committed%n", k + 1, point, have);
                        }
                    } finally {
                        if (child.isAlive()) {
                            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                        }
                    }
                    if (k > 0) { // what the restart after kill k-1 did
                        restarts.set(k - 1, withRecoveries(restarts.get(k - 1), childLog));
                    }
                }
                List<ConsumerRecord<byte[], byte[]>> all = versions.drain(Duration.ofMillis(500));
                UpdateStream.assertVersions(all, stream.countsUpTo(options.updates()), reference);
                long reapplied = restarts.stream().mapToLong(Restart::reapplied).sum();
                return new Report(restarts, all.size(), reapplied, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Waits for a random kill point; returns what it was. */
    private String killPoint(Random random, KafkaTestBroker.TopicReader versions, Process child, Path childLog,
                             int sent) throws Exception {
        int before = versions.drain(Duration.ZERO).size();
        if (random.nextBoolean()) { // a random moment once the child applies again (right after its restores)
            versions.until(r -> r.size() > before || !child.isAlive(), options.timeout(), "a new version");
            requireAlive(child, childLog);
            long delay = random.nextInt(300);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
            while (System.nanoTime() < until && child.isAlive()) {
                versions.drain(Duration.ofMillis(20)); // reading on while waiting for the kill point
            }
            requireAlive(child, childLog);
            return "SIGKILL " + delay + " ms after its first new version";
        }
        int have = versions.drain(Duration.ZERO).size();
        int at = have + 1 + random.nextInt(Math.max(1, sent - have - 1));
        versions.until(r -> r.size() >= at || !child.isAlive(), options.timeout(), at + " versions");
        requireAlive(child, childLog);
        return "SIGKILL at " + at + " committed versions";
    }

    private static Restart withStart(Restart r, long startMillis) {
        return new Restart(r.index(), r.killPoint(), r.versionsAtKill(), startMillis, r.reapplied(), r.recoveries());
    }

    private Restart withRecoveries(Restart r, Path childLog) throws IOException {
        long reapplied = 0;
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(childLog)) {
            Matcher m = RECOVERED.matcher(line);
            if (m.find()) {
                reapplied += Long.parseLong(m.group(4));
                lines.add(m.group(1) + "@" + m.group(2) + " from " + m.group(3).replace("the snapshot of version ", "v")
                        + " +" + m.group(4) + " in " + m.group(5) + " ms");
            }
        }
        log.printf("restart after kill %d: child up in %d ms; %s%n", r.index() + 1, r.startMillis(),
                lines.isEmpty() ? "killed before any pool was restored" : lines);
        return new Restart(r.index(), r.killPoint(), r.versionsAtKill(), r.startMillis(), reapplied,
                String.join("; ", lines));
    }

    private Process startChild(KafkaTestBroker broker, TopologyConfig config, Path model, Path dir, Path childLog)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=engram.schemas",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                broker.bootstrapServers(), "crash", Integer.toString(config.partitions()), model.toString(),
                dir.resolve("snapshots").toString(), dir.resolve("streams-state").toString(),
                Integer.toString(options.snapshotEvery()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(childLog.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** Polls the child's log (with a deadline) until its topology has started. */
    private void awaitStarted(Process child, Path childLog) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!Files.readString(childLog).contains("CHILD STARTED")) {
            requireAlive(child, childLog);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child did not start within " + options.timeout());
            }
            Thread.sleep(50); // polling a file with a deadline
        }
    }

    private static void requireAlive(Process child, Path childLog) throws IOException {
        if (!child.isAlive()) {
            List<String> lines = Files.readAllLines(childLog);
            throw new AssertionError("the child exited with " + child.exitValue() + "; last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
    }

}
