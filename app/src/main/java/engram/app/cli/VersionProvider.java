package engram.app.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The build's version: what {@code ./engram --version} prints (the service's and the offline commands' alike) and
 * what the running service reports in its status. There is no {@code version} subcommand: beside {@code versions}
 * (the memory versions) it read as the same thing.
 */
public final class VersionProvider implements IVersionProvider {

    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return "engram " + (v != null ? v : "0.1.0-SNAPSHOT");
    }

    @Override
    public String[] getVersion() {
        return new String[] {version()};
    }
}
