package engram.tools.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import engram.engine.EngineOptions;
import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.Version;
import engram.engine.model.Weights;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The engine benchmark ({@code ./engram bench engine}): for one model it measures
 * <ol>
 *   <li>the machine's fp32 GEMM throughput ({@link GemmBenchmark}), before and after the rest, as the reference;</li>
 *   <li>self-update at several chunk lengths: ms per update (median, p90), tokens/s, and achieved FLOP/s
 *       (counted analytically by {@link ForwardFlops}) as a fraction of the GEMM reference;</li>
 *   <li>generation at several pool sizes N: prefill time and per-token decode time, with the memory keys/values
 *       cached per pool version (what the service does) and recomputed for every query.</li>
 * </ol>
 * Every measurement is a median over repeated runs after warm-up runs (the first torch calls are several times
 * slower). The report goes to {@code bench-engine.json} and {@code bench-engine.md} in the output folder; progress
 * lines go to {@link Options#progress()}. Timings are printed, never asserted.
 */
public final class EngineBenchmark {

    private static final long SEED = 20240521L;
    private static final List<String> TUNING_VARIABLES = List.of("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_",
            "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS");

    /**
     * What to run.
     *
     * @param model        a Hugging Face-layout checkpoint folder, or null for a random ~5M-parameter model
     *                     (d=256, 4 layers, 8 heads, F=704, vocab 4096, K=64, N=1024)
     * @param out          where bench-engine.json and bench-engine.md are written
     * @param chunkLengths self-update chunk lengths (tokens)
     * @param poolSizes    pool sizes N for generation (multiples of K, at least 2·K; others are skipped with a note)
     * @param device       "cpu", "gpu", "gpu:N" or "auto" (always fp32, to compare with fp32 GEMM)
     * @param threads      torch intra-op threads for the run (0 = leave the engine's default; restored afterwards)
     * @param progress     where progress lines and the final table go
     */
    public record Options(Path model, Path out, boolean quick, List<Integer> chunkLengths, List<Integer> poolSizes,
                          int promptTokens, int newTokens, int warmupRuns, int measuredRuns,
                          List<Integer> gemmSizes, String device, int threads, PrintStream progress) {

        public Options {
            chunkLengths = List.copyOf(chunkLengths);
            poolSizes = List.copyOf(poolSizes);
            gemmSizes = List.copyOf(gemmSizes);
            require(out != null, "--out is required");
            require(!chunkLengths.isEmpty() && chunkLengths.stream().allMatch(t -> t > 0),
                    "chunk lengths must be positive, got " + chunkLengths);
            require(poolSizes.stream().allMatch(n -> n > 0), "pool sizes must be positive, got " + poolSizes);
            require(!gemmSizes.isEmpty() && gemmSizes.stream().allMatch(n -> n > 0),
                    "GEMM sizes must be positive, got " + gemmSizes);
            require(promptTokens > 0, "prompt tokens must be > 0, got " + promptTokens);
            require(newTokens >= 2, "new tokens must be >= 2 (one prefill token plus decode steps), got " + newTokens);
            require(warmupRuns >= 0, "warm-up runs must be >= 0, got " + warmupRuns);
            require(measuredRuns >= 1, "measured runs must be >= 1, got " + measuredRuns);
            require(threads >= 0, "threads must be >= 0 (0 = the engine's default), got " + threads);
            require(progress != null, "progress stream is required");
        }

        /** The full run: chunks 64/256/512, N = 256/1024/4096, 3 warm-up and 15 measured runs. */
        public static Options defaults() {
            return new Options(null, Path.of("target", "bench"), false, List.of(64, 256, 512),
                    List.of(256, 1024, 4096), 64, 16, 3, 15, List.of(256, 512, 1024), "cpu", 0, System.out);
        }

        /** A fast smoke run (same sizes, 1 warm-up and 3 measured runs, short generations, small GEMMs). */
        public static Options quickDefaults() {
            return new Options(null, Path.of("target", "bench"), true, List.of(64, 256, 512),
                    List.of(256, 1024, 4096), 16, 4, 1, 3, List.of(128, 256), "cpu", 0, System.out);
        }

        public Options withModel(Path dir) {
            return new Options(dir, out, quick, chunkLengths, poolSizes, promptTokens, newTokens, warmupRuns,
                    measuredRuns, gemmSizes, device, threads, progress);
        }

        public Options withOut(Path dir) {
            return new Options(model, dir, quick, chunkLengths, poolSizes, promptTokens, newTokens, warmupRuns,
                    measuredRuns, gemmSizes, device, threads, progress);
        }

        public Options withSizes(List<Integer> chunks, List<Integer> pools, List<Integer> gemm) {
            return new Options(model, out, quick, chunks, pools, promptTokens, newTokens, warmupRuns, measuredRuns,
                    gemm, device, threads, progress);
        }

        public Options withGeneration(int prompt, int generated) {
            return new Options(model, out, quick, chunkLengths, poolSizes, prompt, generated, warmupRuns,
                    measuredRuns, gemmSizes, device, threads, progress);
        }

        public Options withRuns(int warmup, int measured) {
            return new Options(model, out, quick, chunkLengths, poolSizes, promptTokens, newTokens, warmup, measured,
                    gemmSizes, device, threads, progress);
        }

        public Options withDevice(String name, int torchThreads) {
            return new Options(model, out, quick, chunkLengths, poolSizes, promptTokens, newTokens, warmupRuns,
                    measuredRuns, gemmSizes, name, torchThreads, progress);
        }

        public Options withProgress(PrintStream stream) {
            return new Options(model, out, quick, chunkLengths, poolSizes, promptTokens, newTokens, warmupRuns,
                    measuredRuns, gemmSizes, device, threads, stream);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final SplittableRandom tokens = new SplittableRandom(SEED);

    private EngineBenchmark(Options options) {
        this.options = options;
        this.progress = options.progress();
    }

    /** Runs every measurement, writes bench-engine.json and bench-engine.md into {@code options.out()}. */
    public static EngineBenchmarkReport run(Options options) throws IOException {
        return new EngineBenchmark(options).run();
    }

    private EngineBenchmarkReport run() throws IOException {
        long started = System.nanoTime();
        String startedAt = Instant.now().toString();
        Path randomDir = null;
        int previousThreads = 0;
        try {
            Path dir = options.model();
            if (dir == null) {
                randomDir = Files.createTempDirectory("engram-bench-model");
                say("writing the default random model (d=256, 4 layers, K=64, N=1024) to %s", randomDir);
                dir = BenchModels.writeRandom(randomDir, BenchModels.defaultConfig(), SEED);
            }
            EngineOptions engine = new EngineOptions(options.device(), "float32");
            Device device = engine.resolveDevice(); // starts the PyTorch engine
            previousThreads = JniUtils.getNumThreads();
            if (options.threads() > 0) {
                JniUtils.setNumThreads(options.threads());
            }
            ModelConfig nativeConfig = ModelConfig.load(dir);
            say("model %s on %s, %d CPUs, %d torch intra-op threads", options.model() == null ? "random" : dir,
                    EngineOptions.describe(device), Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads());
            if (JniUtils.getNumThreads() > 1 && !"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
                say("note: %d torch threads and OMP_WAIT_POLICY is not PASSIVE: when other processes keep the cores "
                        + "busy, OpenMP threads spin waiting for each other and ops get up to 10-20x slower (see "
                        + "engine/README.md, Benchmarks); set OMP_WAIT_POLICY=PASSIVE or use --threads 1",
                        JniUtils.getNumThreads());
            }
            long cpuStarted = ProcessCpu.nanos();

            List<GemmBenchmark.Result> gemm = new ArrayList<>(gemm(device, "before"));
            List<String> skipped = new ArrayList<>();
            double gemmSoFar = GemmBenchmark.bestGflops(gemm);

            List<EngineBenchmarkReport.SelfUpdateRow> selfUpdate = new ArrayList<>();
            EngineBenchmarkReport.ModelSummary summary = selfUpdates(dir, nativeConfig, engine, gemmSoFar,
                    selfUpdate, skipped);
            List<EngineBenchmarkReport.GenerationRow> generation = generations(dir, nativeConfig, engine, skipped);

            gemm.addAll(gemm(device, "after"));
            double best = GemmBenchmark.bestGflops(gemm);
            double elapsed = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (ProcessCpu.nanos() - cpuStarted) / 1e9;
            // the fraction is against the best GEMM of the whole run, so later GEMM runs can only lower it
            List<EngineBenchmarkReport.SelfUpdateRow> rescaled = selfUpdate.stream()
                    .map(r -> new EngineBenchmarkReport.SelfUpdateRow(r.tokens(), r.poolSize(), r.wallMs(),
                            r.forwardMs(), r.cpuMs(), r.tokensPerSecond(), r.gflopPerUpdate(), r.gflops(),
                            r.gflops() / best))
                    .toList();
            EngineBenchmarkReport report = new EngineBenchmarkReport(
                    summary,
                    new EngineBenchmarkReport.Environment(device.toString(), Runtime.getRuntime().availableProcessors(),
                            JniUtils.getNumThreads(), System.getProperty("java.version"), tuning(), startedAt,
                            cpuSeconds),
                    new EngineBenchmarkReport.Settings(options.quick(), options.warmupRuns(), options.measuredRuns(),
                            options.promptTokens(), options.newTokens()),
                    gemm, best, rescaled, generation, skipped, elapsed);
            write(report);
            return report;
        } finally {
            if (previousThreads > 0) {
                JniUtils.setNumThreads(previousThreads);
            }
            if (randomDir != null) {
                deleteRecursively(randomDir);
            }
        }
    }

    private List<GemmBenchmark.Result> gemm(Device device, String when) {
        GemmBenchmark benchmark = new GemmBenchmark(device, options.quick() ? 1 : 3, options.quick() ? 3 : 10);
        List<GemmBenchmark.Result> results = new ArrayList<>();
        for (int size : options.gemmSizes()) {
            GemmBenchmark.Result r = benchmark.measure(size);
            say("[gemm %s] %s", when, r);
            results.add(r);
        }
        return results;
    }

    /** Self-update at every chunk length, on the model's own pool size; fills {@code rows}. */
    private EngineBenchmarkReport.ModelSummary selfUpdates(Path dir, ModelConfig nativeConfig, EngineOptions engine,
                                                           double gemmGflops,
                                                           List<EngineBenchmarkReport.SelfUpdateRow> rows,
                                                           List<String> skipped) throws IOException {
        int longest = options.chunkLengths().stream().max(Comparator.naturalOrder()).orElseThrow();
        int n = nativeConfig.poolSize();
        ModelConfig config;
        try {
            config = BenchModels.resized(dir, n, 1 + nativeConfig.numTokens() + longest);
        } catch (IllegalArgumentException e) {
            config = nativeConfig; // interpolated RoPE: the budget is fixed, chunks that do not fit are skipped
        }
        try (MemoryLLM model = BenchModels.load(dir, config, engine); MemoryPool pool = model.newPool(SEED)) {
            for (int t : options.chunkLengths()) {
                if (1 + config.numTokens() + t > config.positionBudget()) {
                    skipped.add("self-update of " + t + " tokens: exceeds the position budget of "
                            + config.positionBudget());
                    say("[self-update] skipping %d tokens: exceeds the position budget", t);
                    continue;
                }
                for (int i = 0; i < options.warmupRuns() || !pool.initialized(); i++) {
                    model.selfUpdate(pool, randomTokens(t, config.vocabSize()));
                }
                double[] wall = new double[options.measuredRuns()];
                double[] forward = new double[options.measuredRuns()];
                double[] cpu = new double[options.measuredRuns()];
                for (int i = 0; i < options.measuredRuns(); i++) {
                    int[] chunk = randomTokens(t, config.vocabSize());
                    long cpuBegin = ProcessCpu.nanos();
                    long begin = System.nanoTime();
                    Version v = model.selfUpdate(pool, chunk);
                    wall[i] = (System.nanoTime() - begin) / 1e6;
                    cpu[i] = (ProcessCpu.nanos() - cpuBegin) / 1e6;
                    forward[i] = v.durationMicros() / 1e3;
                }
                Samples wallMs = Samples.ofMillis(wall);
                double flops = ForwardFlops.selfUpdate(config, t);
                double gflops = flops / (wallMs.medianMs() * 1e6);
                rows.add(new EngineBenchmarkReport.SelfUpdateRow(t, n, wallMs, Samples.ofMillis(forward),
                        Samples.ofMillis(cpu), t / (wallMs.medianMs() / 1e3), flops / 1e9, gflops, gflops / gemmGflops));
                say("[self-update N=%d] %4d tokens: %8.2f ms median (p90 %.2f), %7.0f tokens/s, %6.2f GFLOP/s = "
                                + "%.0f%% of GEMM", n, t, wallMs.medianMs(), wallMs.p90Ms(), t / (wallMs.medianMs() / 1e3),
                        gflops, 100 * gflops / gemmGflops);
            }
            long parameters = model.weights().tensors().entrySet().stream()
                    .filter(e -> !e.getKey().equals(Weights.MEMORY))
                    .mapToLong(e -> e.getValue().getShape().size()).sum();
            return new EngineBenchmarkReport.ModelSummary(options.model() == null ? "random" : dir.toString(),
                    config.hiddenSize(), config.numLayers(), config.numHeads(), config.numKvHeads(),
                    config.intermediateSize(), config.vocabSize(), config.numTokens(), n, parameters,
                    pool.shape().size());
        }
    }

    /** Prefill and decode at every pool size, cached and uncached memory KV interleaved (so drift hits both alike). */
    private List<EngineBenchmarkReport.GenerationRow> generations(Path dir, ModelConfig nativeConfig,
                                                                   EngineOptions engine, List<String> skipped)
            throws IOException {
        TreeSet<Integer> sizes = new TreeSet<>(options.poolSizes());
        if (options.model() != null) {
            sizes.add(nativeConfig.poolSize());
        }
        List<EngineBenchmarkReport.GenerationRow> rows = new ArrayList<>();
        int p = options.promptTokens();
        int generated = options.newTokens();
        for (int n : sizes) {
            ModelConfig config;
            try {
                config = BenchModels.resized(dir, n, (nativeConfig.addBosEmbedding() ? 1 : 0) + n + p + generated);
            } catch (IllegalArgumentException e) {
                skipped.add("generation at N=" + n + ": " + e.getMessage());
                say("[generation] skipping N=%d: %s", n, e.getMessage());
                continue;
            }
            try (MemoryLLM model = BenchModels.load(dir, config, engine); MemoryPool pool = model.newPool(SEED)) {
                int[] prompt = randomTokens(p, config.vocabSize());
                GenerateOptions cached = GenerateOptions.greedy(generated).withStopTokens(List.of());
                GenerateOptions uncached = cached.withMemoryCache(false);
                for (int i = 0; i < options.warmupRuns(); i++) {
                    model.generate(pool, prompt, cached);
                    model.generate(pool, prompt, uncached);
                }
                model.generate(pool, prompt, cached); // the cache is built once per version, before measuring
                int runs = options.measuredRuns();
                double[][] times = new double[4][runs];
                for (int i = 0; i < runs; i++) {
                    record(model.generate(pool, prompt, cached), times[0], times[2], i);
                    record(model.generate(pool, prompt, uncached), times[1], times[3], i);
                }
                Samples prefillCached = Samples.ofMillis(times[0]);
                Samples prefillUncached = Samples.ofMillis(times[1]);
                EngineBenchmarkReport.GenerationRow row = new EngineBenchmarkReport.GenerationRow(n, p, generated,
                        prefillCached, prefillUncached, Samples.ofMillis(times[2]), Samples.ofMillis(times[3]),
                        prefillUncached.medianMs() - prefillCached.medianMs(),
                        ForwardFlops.prefill(config, p, true) / (prefillCached.medianMs() * 1e6));
                rows.add(row);
                say("[generation N=%d] prefill %.2f ms cached / %.2f ms uncached; decode %.2f / %.2f ms per token", n,
                        prefillCached.medianMs(), prefillUncached.medianMs(), row.decodeCachedMsPerToken().medianMs(),
                        row.decodeUncachedMsPerToken().medianMs());
            }
        }
        return rows;
    }

    /** Prefill ms, and decode ms per step (the first new token comes from the prefill's logits). */
    private void record(Generation g, double[] prefill, double[] decodePerToken, int i) {
        int steps = g.tokens().length - 1;
        if (steps < 1) {
            throw new IllegalStateException("generation produced " + g.tokens().length + " tokens (" + g.stopReason()
                    + "); the decode time needs at least 2");
        }
        prefill[i] = g.prefillMicros() / 1e3;
        decodePerToken[i] = g.decodeMicros() / 1e3 / steps;
    }

    private int[] randomTokens(int count, int vocab) {
        return tokens.ints(count, 0, vocab).toArray();
    }

    private static Map<String, String> tuning() {
        Map<String, String> set = new LinkedHashMap<>();
        for (String name : TUNING_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                set.put(name, value);
            }
        }
        return set;
    }

    private void write(EngineBenchmarkReport report) throws IOException {
        Files.createDirectories(options.out());
        Path json = options.out().resolve("bench-engine.json");
        Path md = options.out().resolve("bench-engine.md");
        Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
        Files.writeString(md, report.toMarkdown(), StandardCharsets.UTF_8);
        progress.println();
        progress.print(report.toMarkdown());
        say("wrote %s and %s (%.0f s)", json, md, report.elapsedSeconds());
    }

    private void say(String format, Object... args) {
        progress.println("engine bench: " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("engine bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
