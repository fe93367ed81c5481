package engram.app.cli;

import engram.engine.bench.EngineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code engram bench engine ...}: the engine benchmark (its own options: {@code engram bench engine --help}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. 'engine': self-update, prefill and decode against the same run's GEMM.",
            "Options after the name go to the benchmark: ./engram bench engine --help"})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHICH", description = "engine")
    String which;

    @Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*", description = "The benchmark's own options.")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        if (!"engine".equals(which)) {
            System.err.println("engram bench: unknown benchmark '" + which + "' (available: engine)");
            return 2;
        }
        EngineBenchmark.main(args.toArray(new String[0]));
        return 0;
    }
}
