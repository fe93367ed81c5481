package engram.tools.cli;

import engram.app.cli.BundledModel;
import engram.app.cli.TorchThreads;
import engram.tools.bench.PipelineBenchmark;
import engram.tools.bench.EngineBenchmark;
import engram.topology.StreamsProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code engram bench engine ...}: the engine benchmark (its own options: {@code engram bench engine --help}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. 'engine': self-update, prefill and decode against the same run's GEMM.",
            "'pipeline': N news items through the real broker and topology against the engine alone.",
            "Options after the name go to the benchmark: ./engram bench engine --help"})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHICH", description = "engine or pipeline")
    String which;

    @Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*", description = "The benchmark's own options.")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        switch (which) {
            case "engine" -> EngineBenchmark.main(args.toArray(new String[0]));
            case "pipeline" -> {
                Path model = BundledModel.path();
                int updates = PipelineBenchmark.Options.DEFAULT_UPDATES; // ~12 s of engine time per pass
                Path out = Path.of("target/bench");
                long applyBudget = 0;
                int warmUp = PipelineBenchmark.Options.DEFAULT_WARM_UP_ITEMS;
                int repetitions = PipelineBenchmark.Options.DEFAULT_REPETITIONS;
                int streamThreads = StreamsProperties.STREAM_THREADS;
                for (int i = 0; i + 1 < args.size(); i += 2) {
                    switch (args.get(i)) {
                        case "--model" -> model = Path.of(args.get(i + 1));
                        case "--updates" -> updates = Integer.parseInt(args.get(i + 1));
                        case "--out" -> out = Path.of(args.get(i + 1));
                        case "--apply-budget-ms" -> applyBudget = Long.parseLong(args.get(i + 1));
                        case "--threads" -> TorchThreads.set(Integer.parseInt(args.get(i + 1)));
                        case "--warm-up" -> warmUp = Integer.parseInt(args.get(i + 1));
                        case "--repetitions" -> repetitions = Integer.parseInt(args.get(i + 1));
                        case "--stream-threads" -> streamThreads = Integer.parseInt(args.get(i + 1));
                        default -> {
                            System.err.println("engram bench pipeline: unknown option " + args.get(i)
                                    + " (--model DIR, --updates N, --out DIR, --apply-budget-ms MS, --threads N,"
                                    + " --warm-up ITEMS, --repetitions N, --stream-threads N)");
                            return 2;
                        }
                    }
                }
                new PipelineBenchmark(System.out).run(new PipelineBenchmark.Options(model, updates, out, applyBudget,
                        warmUp, repetitions, streamThreads));
            }
            default -> {
                System.err.println("engram bench: unknown benchmark '" + which + "' (available: engine, pipeline)");
                return 2;
            }
        }
        return 0;
    }
}
