package engram.app.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The compose files under docker/ must stay valid: {@code docker-compose config} checks them against the compose
 * schema without an engine. Skipped (visibly) where docker-compose is not installed.
 */
class ComposeFileTest {
    private static final Path DOCKER = Path.of("../docker").toAbsolutePath().normalize();

    @Test
    void composeFilesAreValid() throws Exception {
        Assumptions.assumeTrue(onPath("docker-compose"), "docker-compose not installed (apt-get install docker-compose)");
        Process p = new ProcessBuilder("bash", DOCKER.resolve("validate.sh").toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("are valid"), out);
    }

    @Test
    void theServiceGetsTheBrokerAndPersistentVolumes() throws IOException {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        assertTrue(compose.contains("ENGRAM_KAFKA_BOOTSTRAP_SERVERS: kafka:9092"), "Engram must use the compose broker");
        assertTrue(compose.contains("kafka-data:/var/lib/kafka/data"));
        assertTrue(compose.contains("pool-snapshots:/data/pools"));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
