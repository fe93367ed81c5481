package engram.tools.bench;

import engram.app.testing.TinyModelFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline benchmark end to end on a tiny random model: both rates measured, report written. */
class PipelineBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void measuresThePipelineAgainstTheEngineAndWritesTheReport() throws Exception {
        Path model = TinyModelFolder.write(dir.resolve("model"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineBenchmark.Report report = new PipelineBenchmark(new PrintStream(log, true))
                .run(new PipelineBenchmark.Options(model, 12, dir.resolve("out"), 0, 2, 2, 1));
        // items are added until their chunks make the 12 updates; both sides apply exactly those chunks
        assertTrue(report.updates() >= 12 && report.articles() >= 1 && report.articles() <= report.updates(),
                report.toString());
        assertEquals(2, report.repetitions().size());
        for (PipelineBenchmark.Repetition rep : report.repetitions()) {
            // every version event of both paths was read, and each names its self-update's duration
            assertEquals(report.updates(), rep.full().updates());
            assertEquals(report.updates(), rep.apply().updates());
            assertTrue(rep.engineBefore().selfUpdateSeconds() > 0
                    && rep.engineBefore().selfUpdateSeconds() < rep.engineBefore().seconds(), rep.toString());
            assertTrue(rep.full().selfUpdateSeconds() > 0 && rep.apply().selfUpdateSeconds() > 0, rep.toString());
            assertTrue(rep.full().selfUpdateSeconds() < rep.full().seconds(), rep.toString());
            assertEquals((rep.engineBefore().seconds() + rep.engineAfter().seconds()) / 2 / rep.full().seconds(),
                    rep.ratio(), 1e-9);
            assertTrue(rep.strictRatio() < rep.ratio(), "the self-updates alone take less than cut and apply");
            assertTrue(rep.full().cpuSeconds().get("process") > 0, rep.full().cpuSeconds().toString());
        }
        // each engine run but the first and last is shared by the repetitions on either side of it
        assertEquals(report.repetitions().get(0).engineAfter(), report.repetitions().get(1).engineBefore());
        assertEquals((report.repetitions().get(0).ratio() + report.repetitions().get(1).ratio()) / 2, report.ratio(),
                1e-9, "the median of two");
        assertTrue(report.tokensPerUpdate() >= 16, "contexts are at least the trained minimum: " + report);
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.md")).contains("full / engine"));
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.json")).contains("\"ratio\""));
    }
}
