package engram.tools.cli;

import engram.tools.bench.EngineBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code engram bench engine}: {@link EngineBenchmark} on one model. {@code --quick} picks the smoke run's
 * settings; any option given overrides them, so the defaults in the help name both.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Self-update, prefill and decode speed of one model against the same run's fp32 GEMM.",
            "Writes bench-engine.json and bench-engine.md into --out; timings are medians over --runs after "
                + "--warmup runs.",
            "On a machine shared with other busy processes run with OMP_WAIT_POLICY=PASSIVE (./engram sets it) or "
                + "--threads 1: otherwise OpenMP threads spin waiting for each other (10-20x slower)."})
public final class BenchEngineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "A Hugging Face-layout MemoryLLM checkpoint "
            + "(default: a random ~5M-parameter model: d=256, 4 layers, K=64, N=1024).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where bench-engine.json and bench-engine.md go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "A smoke run, not for numbers: 1 warm-up + 3 measured runs, short "
            + "generations, small GEMMs.")
    boolean quick;

    @Option(names = "--chunks", paramLabel = "TOKENS", split = ",",
            description = "Self-update chunk lengths (default: 64,256,512).")
    List<Integer> chunks;

    @Option(names = "--pool-sizes", paramLabel = "N", split = ",", description = "Pool sizes for generation, "
            + "multiples of K of at least 2K (default: 256,1024,4096; a given model's own N is added).")
    List<Integer> poolSizes;

    @Option(names = "--prompt", paramLabel = "TOKENS", description = "Prompt tokens (default: 64; 16 with --quick).")
    Integer prompt;

    @Option(names = "--new-tokens", paramLabel = "TOKENS",
            description = "Tokens generated per query, at least 2 (default: 16; 4 with --quick).")
    Integer newTokens;

    @Option(names = "--warmup", paramLabel = "RUNS", description = "Warm-up runs (default: 3; 1 with --quick).")
    Integer warmup;

    @Option(names = "--runs", paramLabel = "RUNS", description = "Measured runs (default: 15; 3 with --quick).")
    Integer runs;

    @Option(names = "--gemm", paramLabel = "SIZE", split = ",",
            description = "fp32 GEMM sizes (default: 256,512,1024; 128,256 with --quick).")
    List<Integer> gemm;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu, gpu, gpu:N or "
            + "auto; always fp32, to compare with the fp32 GEMM (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Torch intra-op threads "
            + "(default: ${DEFAULT-VALUE} = the engine's, one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        EngineBenchmark.run(options());
        return 0;
    }

    /** The benchmark's settings: the full or quick defaults, with every option given on top. */
    EngineBenchmark.Options options() {
        EngineBenchmark.Options o = quick ? EngineBenchmark.Options.quickDefaults()
                : EngineBenchmark.Options.defaults();
        try {
            o = o.withOut(out).withDevice(device, threads)
                    .withSizes(orElse(chunks, o.chunkLengths()), orElse(poolSizes, o.poolSizes()),
                            orElse(gemm, o.gemmSizes()))
                    .withGeneration(orElse(prompt, o.promptTokens()), orElse(newTokens, o.newTokens()))
                    .withRuns(orElse(warmup, o.warmupRuns()), orElse(runs, o.measuredRuns()));
            return model == null ? o : o.withModel(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static <T> T orElse(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
