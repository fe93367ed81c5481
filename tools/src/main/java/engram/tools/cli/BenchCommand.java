package engram.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code engram bench engine|pipeline}: the benchmarks, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. 'engine': self-update, prefill and decode against the same run's GEMM.",
            "'pipeline': N news items through the real broker and topology against the engine alone."},
        subcommands = {BenchEngineCommand.class, BenchPipelineCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing benchmark: engine or pipeline");
    }
}
