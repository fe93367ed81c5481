package engram.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code engram version}: the build's version, also what {@code --version} prints. */
@Command(name = "version", description = "Print the Engram version.")
public final class VersionCommand implements Runnable {

    public static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return "engram " + (v != null ? v : "0.1.0-SNAPSHOT");
    }

    @Override
    public void run() {
        System.out.println(version());
    }

    /** Lets picocli's standard {@code --version} option print the same line. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {version()};
        }
    }
}
