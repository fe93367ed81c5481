package engram.app;

import engram.app.cli.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./engram} command line: one launcher, one subcommand per job. Each subcommand is a small class in
 * {@code engram.app.cli}; the service itself ({@code run}) starts the Micronaut application.
 */
@Command(name = "engram",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "MemoryLLM as a Kafka-native knowledge ingestion agent.",
        subcommands = {VersionCommand.class, CommandLine.HelpCommand.class})
public final class Engram implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Engram());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
