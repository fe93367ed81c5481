package engram.tools.bench;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Functional check only: the benchmark runs and reports sane numbers. Speed is printed by main, never asserted. */
class GemmBenchmarkTest {

    @Test
    void reportsPositiveThroughputForATinyMatrix() {
        GemmBenchmark benchmark = new GemmBenchmark(Device.cpu(), 1, 3);
        GemmBenchmark.Result result = benchmark.measure(64);
        assertEquals(64, result.size());
        assertTrue(result.gflops() > 0 && Double.isFinite(result.gflops()), result.toString());
        assertTrue(result.medianMs() > 0, result.toString());
        // gflops and time must describe the same measurement: 2n^3 flops in medianMs
        assertEquals(2.0 * 64 * 64 * 64 / (result.medianMs() * 1e6), result.gflops(), result.gflops() * 1e-9);
        assertEquals(result.gflops(), GemmBenchmark.bestGflops(List.of(result)));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GemmBenchmark(Device.cpu(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GemmBenchmark(Device.cpu(), 0, 1).measure(0));
    }
}
