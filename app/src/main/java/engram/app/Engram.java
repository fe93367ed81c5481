package engram.app;

import engram.app.cli.AskCommand;
import engram.app.cli.IngestCommand;
import engram.app.cli.ReplayCommand;
import engram.app.cli.RunCommand;
import engram.app.cli.StatusCommand;
import engram.app.cli.VersionProvider;
import engram.app.cli.VersionsCommand;
import engram.app.kafka.BrokerUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./engram} command line: one launcher, one subcommand per job. Each subcommand is a small class in
 * {@code engram.app.cli}; the service itself ({@code run}) starts the Micronaut application. The offline commands
 * (train, eval, bench, corpus) live in the tools module and run on their own classpath
 * ({@code engram.tools.EngramTools}), so the service's classpath holds no trainer, lab or benchmark class.
 */
@Command(name = "engram",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "MemoryLLM as a Kafka-native knowledge ingestion agent.",
        subcommands = {RunCommand.class, IngestCommand.class, AskCommand.class, VersionsCommand.class,
            ReplayCommand.class, StatusCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Offline commands (same launcher, their own classpath):",
            "  train   train a MemoryLLM on the synthetic corpus",
            "  eval    retention and integrity evals of a model folder",
            "  bench   engine and pipeline benchmarks",
            "  corpus  the synthetic corpus sample and tokenizer, the quick-start samples"})
public final class Engram implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Engram());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // an unreachable broker or missing topic is the user's to fix: one line, no stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BrokerUnreachableException) {
                commandLine.getErr().println("engram " + commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
