package engram.tools.bench;

import com.google.gson.GsonBuilder;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.Split;
import engram.topology.TopologyConfig;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.TextChunk;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

/**
 * {@code ./engram bench pipeline}: news items through the real broker and topology (validate, chunk, update log,
 * apply with exactly-once, version events read with read_committed), against the same model doing the same
 * self-updates directly, in the same run. Both sides cut the items with the topology's own chunker and limits and
 * apply every chunk; a pipeline pass is done when the version event of its last chunk has been read. The ratio is
 * the engine's time over the pipeline's: what Kafka, Avro, validation, transactions and the apply rounds cost.
 *
 * <p>How it keeps the machine's noise out of the ratio: this VM's speed drifts by up to 30 % from one minute to
 * the next, for the engine alone too. So the bench alternates: engine, pipeline, engine, pipeline, ..., engine, each
 * pipeline pass is compared with the mean of the engine runs on either side of it, and the report gives the
 * median over the repetitions. Before anything is timed, warm-up rounds (other items of the same kind) go through
 * the engine and both paths until the JIT has compiled the clients', the broker's and the topology's code (its CPU
 * in each timed pass is reported).
 */
public final class PipelineBenchmark {

    /**
     * What to run.
     *
     * @param updates self-updates per pass (items are added until their chunks make at least this many)
     * @param warmUpItems news items per warm-up round (through the engine once, through each path until the JIT
     *                    is quiet)
     * @param repetitions pipeline passes (each with its own engine runs on either side)
     * @param streamThreads the service's stream threads
     */
    public record Options(Path model, int updates, Path out, long applyBudgetMillis, int warmUpItems,
                          int repetitions, int streamThreads) {
        public static final int DEFAULT_UPDATES = 2000;
        /** Per warm-up round: about 1,400 updates per path with engram-tiny. */
        public static final int DEFAULT_WARM_UP_ITEMS = 600;
        public static final int DEFAULT_REPETITIONS = 3;

        public Options {
            require(model != null && out != null, "a model folder and an output folder are required");
            require(updates >= 1, "updates must be >= 1, got " + updates);
            require(applyBudgetMillis >= 0 && applyBudgetMillis <= Integer.MAX_VALUE,
                    "the apply budget must be between 0 (the service's) and " + Integer.MAX_VALUE + " ms, got "
                            + applyBudgetMillis);
            require(warmUpItems >= 1, "warm-up items must be >= 1, got " + warmUpItems);
            require(repetitions >= 1, "repetitions must be >= 1, got " + repetitions);
            require(streamThreads >= 1, "stream threads must be >= 1, got " + streamThreads);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * One run of the engine alone.
     *
     * @param seconds cutting every item and applying its chunks (the full path's work)
     * @param selfUpdateSeconds the self-updates alone (the apply path's work: it is given the chunks)
     */
    public record EngineRun(double seconds, double selfUpdateSeconds) {
    }

    /**
     * One repetition: a full pass and an apply pass between two engine runs.
     *
     * @param engineBefore the engine alone, just before
     * @param engineAfter the engine alone, just after
     * @param full news items in, through ingest
     * @param apply the same chunks written straight onto the updates topic (a burst of already-ingested feeds)
     * @param ratio the full pass's rate over the engine's doing the same work (cut and apply; mean of the runs)
     * @param strictRatio the full pass's rate over the engine's self-updates alone (cutting not counted)
     * @param applyRatio the apply pass's rate over the engine's self-updates alone
     */
    public record Repetition(EngineRun engineBefore, EngineRun engineAfter, PipelineRun full, PipelineRun apply,
                             double ratio, double strictRatio, double applyRatio) {
        static Repetition of(EngineRun before, EngineRun after, PipelineRun full, PipelineRun apply) {
            double engine = (before.seconds() + after.seconds()) / 2;
            double selfUpdates = (before.selfUpdateSeconds() + after.selfUpdateSeconds()) / 2;
            return new Repetition(before, after, full, apply, engine / full.seconds(),
                    selfUpdates / full.seconds(), selfUpdates / apply.seconds());
        }

        double engineSeconds() {
            return (engineBefore.seconds() + engineAfter.seconds()) / 2;
        }
    }

    /**
     * What it measured; rates and ratios are medians over the repetitions.
     *
     * @param articles news items per pass
     * @param updates self-updates per pass (their chunks), applied on both sides
     * @param ratio full path over engine only, same work: the target is at least 0.9
     * @param strictRatio full path over the engine's self-updates alone
     */
    public record Report(String modelId, int articles, int updates, long applyBudgetMillis, double tokensPerUpdate,
                         int streamThreads, int warmUpItems, List<Repetition> repetitions,
                         double engineUpdatesPerSecond, double pipelineUpdatesPerSecond, double ratio,
                         double strictRatio, double applyPathUpdatesPerSecond, double applyPathRatio) {
    }

    private static final double QUIET_JIT_SHARE = 0.05;
    private static final int MAX_WARM_UP_ROUNDS = 4;
    private static final long MEASURED_SEED = 99;
    private static final long WARM_UP_SEED = 98;

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
            log.printf("model %s on %s%n", direct.modelId(), EngineOptions.describe(direct.model().device()));
            // the ingest flow's chunker and limits (title-less articles are memorised as the body)
            int maxChunk = Math.min(config.maxChunkTokens(), direct.maxChunkTokens());
            Function<String, List<TextChunk>> chunker = text -> direct.chunk(text, maxChunk);
            List<String> texts = new ArrayList<>();
            List<TextChunk> chunks = new ArrayList<>();
            for (String text : texts(options.updates(), MEASURED_SEED)) {
                if (chunks.size() >= options.updates()) {
                    break;
                }
                texts.add(text);
                chunks.addAll(chunker.apply(text));
            }
            List<String> warmUp = texts(Math.max(1, options.warmUpItems()), WARM_UP_SEED);
            List<TextChunk> warmUpChunks = warmUp.stream().flatMap(text -> chunker.apply(text).stream()).toList();
            log.printf("%d items make %d updates per pass; warm-up: %d items (%d updates)%n", texts.size(),
                    chunks.size(), warmUp.size(), warmUpChunks.size());

            engineOnly(direct, chunker, warmUp, "engine-warm-up");
            List<Repetition> repetitions = new ArrayList<>();
            try (PipelineUnderTest pipeline = PipelineUnderTest.start(served, config, options.streamThreads(),
                    work)) {
                warmUp(pipeline, warmUp, warmUpChunks);
                EngineRun engineBefore = engineOnly(direct, chunker, texts, "engine-0");
                for (int r = 1; r <= Math.max(1, options.repetitions()); r++) {
                    PipelineRun full = pipeline.full("bench-" + r, texts, chunks.size());
                    log.printf("  full path %d: %.1f updates/s, first version after %.2f s, %.2f s inside "
                                    + "self-updates; CPU seconds: %s%n", r, full.updatesPerSecond(),
                            full.firstVersionSeconds(), full.selfUpdateSeconds(), cpuLine(full.cpuSeconds()));
                    PipelineRun apply = pipeline.apply("bench-apply-" + r, chunks);
                    log.printf("  apply path %d: %.1f updates/s, %.2f s inside self-updates; CPU seconds: %s%n", r,
                            apply.updatesPerSecond(), apply.selfUpdateSeconds(), cpuLine(apply.cpuSeconds()));
                    EngineRun engineAfter = engineOnly(direct, chunker, texts, "engine-" + r);
                    Repetition repetition = Repetition.of(engineBefore, engineAfter, full, apply);
                    log.printf("repetition %d: full path %.0f%% of the engine alone (%.0f%% of its self-updates alone),"
                                    + " apply path %.0f%% of its self-updates alone%n", r, 100 * repetition.ratio(),
                            100 * repetition.strictRatio(), 100 * repetition.applyRatio());
                    repetitions.add(repetition);
                    engineBefore = engineAfter;
                }
            }
            int updates = chunks.size();
            long tokens = chunks.stream().mapToLong(c -> c.tokenIds().length).sum();
            Report report = new Report(direct.modelId(), texts.size(), updates, config.applyBudgetMillis(),
                    (double) tokens / updates, options.streamThreads(), warmUp.size(), repetitions,
                    median(repetitions.stream().mapToDouble(r -> updates / r.engineSeconds())),
                    median(repetitions.stream().mapToDouble(r -> r.full().updatesPerSecond())),
                    median(repetitions.stream().mapToDouble(Repetition::ratio)),
                    median(repetitions.stream().mapToDouble(Repetition::strictRatio)),
                    median(repetitions.stream().mapToDouble(r -> r.apply().updatesPerSecond())),
                    median(repetitions.stream().mapToDouble(Repetition::applyRatio)));
            write(report, options.out());
            return report;
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Sends the warm-up items through both paths, again and again until the JIT is quiet: until its compiler
     * threads use less than {@value #QUIET_JIT_SHARE} of a round's time (or after {@value #MAX_WARM_UP_ROUNDS}
     * rounds). A service that runs for hours spends nothing on compiling; a timed pass that does is not measuring
     * the pipeline.
     */
    private void warmUp(PipelineUnderTest pipeline, List<String> items, List<TextChunk> chunks) {
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            PipelineRun full = pipeline.full("bench-warm-up-" + round, items, chunks.size());
            PipelineRun apply = pipeline.apply("bench-warm-up-apply-" + round, chunks);
            double jit = full.cpuSeconds().getOrDefault(CpuByThread.JIT, 0.0)
                    + apply.cpuSeconds().getOrDefault(CpuByThread.JIT, 0.0);
            double share = jit / (full.seconds() + apply.seconds());
            log.printf("  warm-up round %d: full path %.1f updates/s, apply path %.1f updates/s, JIT %.0f%% of the "
                    + "time%n", round, full.updatesPerSecond(), apply.updatesPerSecond(), 100 * share);
            if (share < QUIET_JIT_SHARE) {
                return;
            }
        }
    }

    /** Cuts and applies every item's chunks to a fresh memory of the engine alone. */
    private EngineRun engineOnly(MemoryEngine engine, Function<String, List<TextChunk>> chunker, List<String> texts, String memory) {
        CpuByThread.Snapshot cpuBefore = CpuByThread.take();
        long started = System.nanoTime();
        long selfUpdateNanos = 0;
        int applied = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (TextChunk chunk : chunker.apply(texts.get(i))) {
                long updateStarted = System.nanoTime();
                // each item is a source of its own, as in the service (its chunks share the source id)
                engine.selfUpdate(memory, new UpdateInput("u" + applied++, memory + "-" + i, chunk.tokenIds()));
                selfUpdateNanos += System.nanoTime() - updateStarted;
            }
        }
        EngineRun run = new EngineRun((System.nanoTime() - started) / 1e9, selfUpdateNanos / 1e9);
        log.printf("  %s: %.1f updates/s (%.2f of its %.2f s in self-updates); CPU seconds: %s%n", memory,
                applied / run.seconds(), run.selfUpdateSeconds(), run.seconds(),
                cpuLine(CpuByThread.between(cpuBefore, CpuByThread.take())));
        return run;
    }

    static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String cpuLine(Map<String, Double> cpu) {
        StringBuilder line = new StringBuilder();
        cpu.forEach((group, seconds) -> line.append(line.isEmpty() ? "" : "; ").append(group).append(' ')
                .append(String.format("%.2f", seconds)));
        return line.toString();
    }

    /** Fact contexts of at least 16 tokens (the trained minimum) and filler, as news feeds look: one chunk or more. */
    static List<String> texts(int count, long seed) {
        CorpusGenerator generator = new CorpusGenerator(seed, Split.HELDOUT_NAMES);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generator.context(generator.nextFact()).text() + " " + generator.filler());
        }
        return out;
    }

    private void write(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("bench-pipeline.json"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(report) + "\n");
        StringBuilder md = new StringBuilder(String.format(
                "%s, %d articles = %d updates per pass (%.1f tokens/update), apply round %d ms, %d stream thread(s), "
                        + "warm-up %d items.%n%n"
                        + "| repetition | engine only updates/s (before, after) | full path updates/s | full / engine "
                        + "| full / engine's self-updates | apply path updates/s | apply / engine's self-updates "
                        + "| full path: first version s, self-updates s, commits, JIT CPU s |%n"
                        + "|---|---|---|---|---|---|---|---|%n",
                report.modelId(), report.articles(), report.updates(), report.tokensPerUpdate(),
                report.applyBudgetMillis(), report.streamThreads(), report.warmUpItems()));
        int r = 1;
        for (Repetition rep : report.repetitions()) {
            md.append(String.format("| %d | %.1f (%.1f, %.1f) | %.1f | %.0f%% | %.0f%% | %.1f | %.0f%% "
                            + "| %.2f, %.2f of %.2f, %.0f, %.2f |%n",
                    r++, report.updates() / rep.engineSeconds(), report.updates() / rep.engineBefore().seconds(),
                    report.updates() / rep.engineAfter().seconds(), rep.full().updatesPerSecond(),
                    100 * rep.ratio(), 100 * rep.strictRatio(), rep.apply().updatesPerSecond(),
                    100 * rep.applyRatio(), rep.full().firstVersionSeconds(), rep.full().selfUpdateSeconds(),
                    rep.full().seconds(), rep.full().commits(),
                    rep.full().cpuSeconds().getOrDefault(CpuByThread.JIT, 0.0)));
        }
        md.append(String.format("| **median** | %.1f | %.1f | **%.0f%%** | %.0f%% | %.1f | %.0f%% | |%n",
                report.engineUpdatesPerSecond(), report.pipelineUpdatesPerSecond(), 100 * report.ratio(),
                100 * report.strictRatio(), report.applyPathUpdatesPerSecond(), 100 * report.applyPathRatio()));
        Files.writeString(out.resolve("bench-pipeline.md"), md.toString());
        log.print(md);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
