package engram.tools.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of {@link EngineBenchmark} measured, and its two written forms: {@code bench-engine.json} (every
 * number) and {@code bench-engine.md} (the short tables quoted in READMEs and issue notes).
 *
 * @param gemm           the machine's fp32 GEMM throughput, measured in the same run (before and after)
 * @param gemmBestGflops the best of those: the denominator of every "fraction of GEMM"
 * @param skipped        measurements that could not run for this model, with the reason
 */
public record EngineBenchmarkReport(ModelSummary model, Environment environment, Settings settings,
                                    List<GemmBenchmark.Result> gemm, double gemmBestGflops,
                                    List<SelfUpdateRow> selfUpdate, List<GenerationRow> generation,
                                    List<String> skipped, double elapsedSeconds) {

    public EngineBenchmarkReport {
        gemm = List.copyOf(gemm);
        selfUpdate = List.copyOf(selfUpdate);
        generation = List.copyOf(generation);
        skipped = List.copyOf(skipped);
    }

    /**
     * The model benchmarked.
     *
     * @param source     the checkpoint folder, or "random" for the default model
     * @param parameters trainable parameters, without the memory pool
     * @param poolFloats values in the pool [L, N, d] the self-update benchmark ran with
     */
    public record ModelSummary(String source, int hidden, int layers, int heads, int kvHeads, int intermediate,
                               int vocab, int memoryTokensK, int poolSize, long parameters, long poolFloats) {
    }

    /**
     * Where it ran. {@code tuning} holds the allocator/thread environment variables that change torch timings;
     * {@code processCpuSeconds} is the CPU time the whole process used during the run: far below
     * elapsed × threads means the machine was busy with other work and the timings are stretched.
     */
    public record Environment(String device, int cpus, int intraOpThreads, String java, Map<String, String> tuning,
                              String startedAt, double processCpuSeconds) {
        public Environment {
            tuning = Map.copyOf(tuning);
        }
    }

    public record Settings(boolean quick, int warmupRuns, int measuredRuns, int promptTokens, int newTokens) {
    }

    /**
     * Self-update of {@code tokens}-token chunks into a pool of {@code poolSize} rows.
     *
     * @param wallMs          the whole {@code selfUpdate} call as a caller sees it (includes the pool checksum)
     * @param forwardMs       the engine's own duration (forward pass, drop and append; no checksum)
     * @param cpuMs           process CPU time during the call (all threads; spinning threads count too)
     * @param tokensPerSecond tokens / median wall time
     * @param gflops          analytic FLOPs ({@link ForwardFlops#selfUpdate}) / median wall time
     * @param fractionOfGemm  gflops / the run's best GEMM GFLOP/s
     */
    public record SelfUpdateRow(int tokens, int poolSize, Samples wallMs, Samples forwardMs, Samples cpuMs,
                                double tokensPerSecond,
                                double gflopPerUpdate, double gflops, double fractionOfGemm) {
    }

    /**
     * Generation from a pool of {@code poolSize} rows: greedy, {@code newTokens} tokens after a {@code promptTokens}
     * prompt, with the memory keys/values cached per pool version (the service's path) or recomputed per query.
     *
     * @param decodeCachedMsPerToken decode time / (newTokens - 1) decode steps
     * @param memoryKvBuildMs        median prefill without the cache minus median prefill with it
     * @param prefillCachedGflops    analytic prefill FLOPs ({@link ForwardFlops#prefill}) / median cached prefill
     */
    public record GenerationRow(int poolSize, int promptTokens, int newTokens, Samples prefillCachedMs,
                                Samples prefillUncachedMs, Samples decodeCachedMsPerToken,
                                Samples decodeUncachedMsPerToken, double memoryKvBuildMs,
                                double prefillCachedGflops) {
    }

    /** Pretty-printed JSON with every field. */
    public String toJson() {
        JsonObject root = new JsonObject();
        JsonObject m = new JsonObject();
        m.addProperty("source", model.source());
        m.addProperty("hidden_size", model.hidden());
        m.addProperty("num_layers", model.layers());
        m.addProperty("num_heads", model.heads());
        m.addProperty("num_kv_heads", model.kvHeads());
        m.addProperty("intermediate_size", model.intermediate());
        m.addProperty("vocab_size", model.vocab());
        m.addProperty("memory_tokens_k", model.memoryTokensK());
        m.addProperty("pool_size_n", model.poolSize());
        m.addProperty("parameters", model.parameters());
        m.addProperty("pool_floats", model.poolFloats());
        root.add("model", m);

        JsonObject env = new JsonObject();
        env.addProperty("device", environment.device());
        env.addProperty("cpus", environment.cpus());
        env.addProperty("intra_op_threads", environment.intraOpThreads());
        env.addProperty("java", environment.java());
        JsonObject tuning = new JsonObject();
        environment.tuning().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> tuning.addProperty(e.getKey(), e.getValue()));
        env.add("tuning", tuning);
        env.addProperty("started_at", environment.startedAt());
        env.addProperty("process_cpu_seconds", environment.processCpuSeconds());
        root.add("environment", env);

        JsonObject s = new JsonObject();
        s.addProperty("quick", settings.quick());
        s.addProperty("warmup_runs", settings.warmupRuns());
        s.addProperty("measured_runs", settings.measuredRuns());
        s.addProperty("prompt_tokens", settings.promptTokens());
        s.addProperty("new_tokens", settings.newTokens());
        root.add("settings", s);

        JsonArray g = new JsonArray();
        for (GemmBenchmark.Result r : gemm) {
            JsonObject o = new JsonObject();
            o.addProperty("size", r.size());
            o.addProperty("median_ms", r.medianMs());
            o.addProperty("gflops", r.gflops());
            g.add(o);
        }
        JsonObject gemmJson = new JsonObject();
        gemmJson.add("runs", g);
        gemmJson.addProperty("best_gflops", gemmBestGflops);
        root.add("gemm_fp32", gemmJson);

        JsonArray su = new JsonArray();
        for (SelfUpdateRow r : selfUpdate) {
            JsonObject o = new JsonObject();
            o.addProperty("tokens", r.tokens());
            o.addProperty("pool_size_n", r.poolSize());
            o.add("wall_ms", samples(r.wallMs()));
            o.add("forward_ms", samples(r.forwardMs()));
            o.add("cpu_ms", samples(r.cpuMs()));
            o.addProperty("tokens_per_second", r.tokensPerSecond());
            o.addProperty("gflop_per_update", r.gflopPerUpdate());
            o.addProperty("gflops", r.gflops());
            o.addProperty("fraction_of_gemm", r.fractionOfGemm());
            su.add(o);
        }
        root.add("self_update", su);

        JsonArray gen = new JsonArray();
        for (GenerationRow r : generation) {
            JsonObject o = new JsonObject();
            o.addProperty("pool_size_n", r.poolSize());
            o.addProperty("prompt_tokens", r.promptTokens());
            o.addProperty("new_tokens", r.newTokens());
            o.add("prefill_cached_ms", samples(r.prefillCachedMs()));
            o.add("prefill_uncached_ms", samples(r.prefillUncachedMs()));
            o.add("decode_cached_ms_per_token", samples(r.decodeCachedMsPerToken()));
            o.add("decode_uncached_ms_per_token", samples(r.decodeUncachedMsPerToken()));
            o.addProperty("memory_kv_build_ms", r.memoryKvBuildMs());
            o.addProperty("prefill_cached_gflops", r.prefillCachedGflops());
            gen.add(o);
        }
        root.add("generation", gen);

        JsonArray skippedJson = new JsonArray();
        skipped.forEach(skippedJson::add);
        root.add("skipped", skippedJson);
        root.addProperty("elapsed_seconds", elapsedSeconds);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    private static JsonObject samples(Samples s) {
        JsonObject o = new JsonObject();
        o.addProperty("count", s.count());
        o.addProperty("median", s.medianMs());
        o.addProperty("p90", s.p90Ms());
        o.addProperty("min", s.minMs());
        return o;
    }

    /** The tables: header line, self-update table, generation table. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(f("Model %s: d=%d, %d layers, %d/%d heads, F=%d, vocab %d, K=%d, N=%d (%.2f M parameters + %.2f M "
                        + "pool floats). %s, %d CPUs, %d torch threads, fp32. %d warm-up + %d measured runs%s; "
                        + "the process got %.0f%% of its threads' time over the %.0f s run.%n%n",
                model.source(), model.hidden(), model.layers(), model.heads(), model.kvHeads(), model.intermediate(),
                model.vocab(), model.memoryTokensK(), model.poolSize(), model.parameters() / 1e6,
                model.poolFloats() / 1e6, environment.device(), environment.cpus(), environment.intraOpThreads(),
                settings.warmupRuns(), settings.measuredRuns(), settings.quick() ? " (--quick)" : "",
                100 * environment.processCpuSeconds() / (elapsedSeconds * environment.intraOpThreads()),
                elapsedSeconds));
        md.append(f("fp32 GEMM in the same run (before, then after the engine measurements): "));
        for (int i = 0; i < gemm.size(); i++) {
            GemmBenchmark.Result r = gemm.get(i);
            md.append(f("%s%d³ %.1f GFLOP/s", i == 0 ? "" : ", ", r.size(), r.gflops()));
        }
        md.append(f("; best **%.1f GFLOP/s** (the denominator below).%n%n", gemmBestGflops));

        md.append(f("Self-update (N=%d; ms = the whole call incl. pool checksum, forward = without it; medians):%n%n",
                selfUpdate.isEmpty() ? model.poolSize() : selfUpdate.get(0).poolSize()));
        md.append("| chunk tokens | ms/update median | p90 | forward ms | CPU ms | tokens/s | GFLOP/update | GFLOP/s "
                + "| of GEMM |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SelfUpdateRow r : selfUpdate) {
            md.append(f("| %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.2f | %.1f | %.1f%% |%n", r.tokens(),
                    r.wallMs().medianMs(), r.wallMs().p90Ms(), r.forwardMs().medianMs(), r.cpuMs().medianMs(),
                    r.tokensPerSecond(), r.gflopPerUpdate(), r.gflops(), 100 * r.fractionOfGemm()));
        }
        md.append(f("%nGeneration (greedy, %d-token prompt, %d new tokens; median / p90 ms):%n%n",
                settings.promptTokens(), settings.newTokens()));
        md.append("| pool N | prefill, memory KV cached | prefill, no cache | memory KV build | decode/token, cached | decode/token, no cache |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (GenerationRow r : generation) {
            md.append(f("| %d | %s | %s | %.1f | %s | %s |%n", r.poolSize(), pair(r.prefillCachedMs()),
                    pair(r.prefillUncachedMs()), r.memoryKvBuildMs(), pair(r.decodeCachedMsPerToken()),
                    pair(r.decodeUncachedMsPerToken())));
        }
        if (!skipped.isEmpty()) {
            md.append("\nSkipped:\n\n");
            skipped.forEach(s -> md.append("- ").append(s).append('\n'));
        }
        return md.toString();
    }

    private static String pair(Samples s) {
        return f("%.2f / %.2f", s.medianMs(), s.p90Ms());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
