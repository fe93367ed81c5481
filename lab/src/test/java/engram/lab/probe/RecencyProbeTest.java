package engram.lab.probe;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecencyProbeTest {

    @Test
    void theFactsBlockMovesToTheEndAndTheRowsAfterItMoveBackByK() {
        // N = 8, K = 2, t = 2: the fact sits at [4, 6), the newer update at [6, 8)
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 7, 4, 5}, RecencyProbe.factBlockLast(8, 2, 2));
        assertArrayEquals(IntStream.range(0, 8).toArray(), RecencyProbe.factBlockLast(8, 2, 1), "t = 1: already last");
        int[] sorted = RecencyProbe.factBlockLast(256, 16, 10).clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 256).toArray(), sorted, "a permutation");
    }

    @Test
    void onTheBundledModelRightAfterTheFactBothReadingsAgree() throws IOException {
        Path dir = Bundled.MODEL;
        ModelConfig config = ModelConfig.load(dir.resolve("config.json"));
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.cpu(), RecencyProbe.fifoDrops(config))) {
            RecencyProbe probe = new RecencyProbe(model, new PrintStream(new ByteArrayOutputStream()));
            RecencyProbe.Report report = probe.run(12, List.of(1, 2), 7);
            assertEquals(List.of(1, 2), List.copyOf(report.inPlace().keySet()));
            // t = 1: the order is the identity, so the two readings are the same pool
            assertEquals(report.inPlace().get(1), report.movedToNewest().get(1));
            assertTrue(report.inPlace().get(1) >= 0.5, "the bundled model answers right after the fact: " + report);
            assertTrue(RecencyProbe.markdown(report).contains("| 2 | "));
            assertThrows(IllegalArgumentException.class, () -> probe.run(1, List.of(config.numBlocks()), 7),
                    "beyond N/K - 1 the fact's rows are dropped");
        }
    }
}
