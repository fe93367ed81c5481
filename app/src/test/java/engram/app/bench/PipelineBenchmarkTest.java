package engram.app.bench;

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
                .run(new PipelineBenchmark.Options(model, 12, dir.resolve("out"), 0));
        // items are added until their chunks make the 12 updates; both sides apply exactly those chunks
        assertTrue(report.updates() >= 12 && report.articles() >= 1 && report.articles() <= report.updates(),
                report.toString());
        assertTrue(report.engineUpdatesPerSecond() > 0 && report.pipelineUpdatesPerSecond() > 0, report.toString());
        assertTrue(report.engineBeforeUpdatesPerSecond() > 0 && report.engineAfterUpdatesPerSecond() > 0,
                report.toString());
        assertEquals(report.pipelineUpdatesPerSecond() / report.engineUpdatesPerSecond(), report.ratio(), 1e-9);
        // every version event of both paths was read, and each names its self-update's duration
        assertTrue(report.applyPathUpdatesPerSecond() > 0, report.toString());
        assertTrue(report.pipeline().selfUpdateSeconds() > 0 && report.applyPath().selfUpdateSeconds() > 0,
                report.toString());
        assertTrue(report.pipeline().selfUpdateSeconds() < report.pipeline().seconds(), report.toString());
        assertTrue(report.tokensPerUpdate() >= 16, "contexts are at least the trained minimum: " + report);
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.md")).contains("pipeline / engine"));
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.json")).contains("\"ratio\""));
    }
}
