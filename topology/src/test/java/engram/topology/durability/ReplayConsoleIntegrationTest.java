package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.engine.MemoryLLMEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./engram replay --memory m --to-version 120 --verify --out FILE} prints and writes. */
class ReplayConsoleIntegrationTest {

    @Test
    void printsProgressAndTheReportAndWritesTheSnapshot(@TempDir Path dir) throws Exception {
        ServiceHistory history = ServiceHistory.shared();
        try (MemoryLLMEngine engine = TinyMemoryLLM.engine(history.modelDir)) {
            Replayer replayer = new Replayer(engine, LogAccess.of(history.broker.bootstrapServers(),
                    history.config.topics()), null);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Path out = dir.resolve("m-v120.safetensors");
            int status = ReplayConsole.run(replayer, ReplayRequest.of(MEMORY).withToVersion(120), out,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(ReplayConsole.OK, status, printed);
            assertTrue(printed.contains("[" + "#".repeat(30) + "] 120/120 100% "), printed);
            assertTrue(printed.contains("verified 120 versions"), printed);
            StoredSnapshot written = StoredSnapshot.read(engine, out);
            assertEquals(120, written.version());
            assertEquals(history.versions.get(120L).getPoolChecksum(), written.checksum());
        }
        assertEquals("memory m: version 7, 0.0 updates/s",
                ReplayConsole.bar(new ReplayProgress("m", 7, 0, -1, 0, 0)));
    }
}
