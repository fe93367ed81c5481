package engram.app.cli;

import java.nio.file.Path;

/** Where the bundled model lives: {@code models/engram-tiny} under engram.home (set by ./engram), else here. */
public final class BundledModel {

    private BundledModel() {
    }

    public static Path path() {
        String home = System.getProperty("engram.home", System.getenv().getOrDefault("ENGRAM_HOME", "."));
        return Path.of(home).resolve("models").resolve("engram-tiny");
    }
}
