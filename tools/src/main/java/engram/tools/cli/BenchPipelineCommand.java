package engram.tools.cli;

import engram.app.cli.BundledModel;
import engram.app.cli.TorchThreads;
import engram.tools.bench.PipelineBenchmark;
import engram.topology.StreamsProperties;
import engram.topology.TopologyConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code engram bench pipeline}: {@link PipelineBenchmark}, the service's path against the engine alone. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"News items making N self-updates through an in-process broker and the real topology, "
                + "against the engine alone applying the same chunks, alternating in the same run.",
            "Reports the median of the repetitions after a JIT warm-up; writes bench-pipeline.json and .md into "
                + "--out."})
public final class BenchPipelineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled model).")
    Path model;

    @Option(names = "--updates", paramLabel = "N", defaultValue = "" + PipelineBenchmark.Options.DEFAULT_UPDATES,
            description = "Self-updates per pass; about 12 s of engine time each with engram-tiny "
                    + "(default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--apply-budget-ms", paramLabel = "MS", defaultValue = "0", description = "The apply "
            + "rounds' budget; 0 = the service's, " + TopologyConfig.DEFAULT_APPLY_BUDGET_MILLIS + " ms "
            + "(default: ${DEFAULT-VALUE}).")
    long applyBudgetMillis;

    @Option(names = "--threads", paramLabel = "N", description = "Torch threads (default: the engine's, one per "
            + "core).")
    Integer threads;

    @Option(names = "--warm-up", paramLabel = "ITEMS",
            defaultValue = "" + PipelineBenchmark.Options.DEFAULT_WARM_UP_ITEMS,
            description = "News items per warm-up round (default: ${DEFAULT-VALUE}).")
    int warmUpItems;

    @Option(names = "--repetitions", paramLabel = "R",
            defaultValue = "" + PipelineBenchmark.Options.DEFAULT_REPETITIONS,
            description = "Pipeline passes, each between two engine runs (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--stream-threads", paramLabel = "S", defaultValue = "" + StreamsProperties.STREAM_THREADS,
            description = "The service's Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Override
    public Integer call() throws Exception {
        PipelineBenchmark.Options options = options();
        TorchThreads.set(threads);
        new PipelineBenchmark(System.out).run(options);
        return 0;
    }

    /** The benchmark's settings from the options given. */
    PipelineBenchmark.Options options() {
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "threads must be >= 1, got " + threads);
        }
        try {
            return new PipelineBenchmark.Options(model != null ? model : BundledModel.path(), updates, out,
                    applyBudgetMillis, warmUpItems, repetitions, streamThreads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
