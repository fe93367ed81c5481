package engram.lab.probe;

import java.nio.file.Path;

/** The bundled model the probes are run on (tests run from the module folder). */
final class Bundled {

    static final Path MODEL = Path.of("..", "models", "engram-tiny");

    private Bundled() {
    }
}
