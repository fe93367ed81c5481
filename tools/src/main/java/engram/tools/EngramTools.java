package engram.tools;

import engram.app.cli.VersionProvider;
import engram.tools.cli.BenchCommand;
import engram.tools.cli.CorpusCommand;
import engram.tools.cli.EvalCommand;
import engram.tools.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The offline commands of {@code ./engram}: train, eval, bench, corpus. The launcher runs them on this module's
 * classpath (trainer, corpus, evals, lab experiments, benchmarks), which the service's own classpath never holds.
 */
@Command(name = "engram",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Engram's offline commands: train, eval and bench a MemoryLLM, build its corpus.",
        subcommands = {TrainCommand.class, EvalCommand.class, BenchCommand.class, CorpusCommand.class,
            CommandLine.HelpCommand.class})
public final class EngramTools implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EngramTools());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
