package engram.tools.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine benchmark end to end on a tiny checkpoint in a --quick configuration: the report is complete and
 * well-formed (positive numbers, parseable JSON, markdown rows). Speed itself is never asserted.
 */
class EngineBenchmarkTest {

    @Test
    void quickRunOnATinyModelWritesAWellFormedReport(@TempDir Path tmp) throws Exception {
        // K=4, N=16, 64 positions; N=64 needs 72 positions (widened), N=6 is not a multiple of K (skipped)
        ModelConfig tiny = TinyModels.plain(32, 2, 4, 4, 64, 64);
        Path model = TinyModels.write(tmp.resolve("tiny"), tiny, 7);
        Path out = tmp.resolve("out");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EngineBenchmark.Options options = EngineBenchmark.Options.quickDefaults().withModel(model).withOut(out)
                .withSizes(List.of(8, 16), List.of(6, 8, 32, 64), List.of(32)).withGeneration(4, 3)
                .withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8));

        EngineBenchmarkReport report = EngineBenchmark.run(options);

        assertEquals(16, report.model().poolSize());
        assertTrue(report.model().parameters() > 0 && report.model().poolFloats() == 2 * 16 * 32, report.toString());
        assertEquals(2, report.gemm().size(), "GEMM measured before and after");
        assertTrue(report.gemmBestGflops() > 0);

        assertEquals(List.of(8, 16), report.selfUpdate().stream().map(EngineBenchmarkReport.SelfUpdateRow::tokens)
                .toList());
        for (EngineBenchmarkReport.SelfUpdateRow row : report.selfUpdate()) {
            assertEquals(3, row.wallMs().count());
            assertTrue(row.wallMs().medianMs() > 0 && row.wallMs().p90Ms() >= row.wallMs().medianMs(), row.toString());
            assertTrue(row.forwardMs().medianMs() > 0, row.toString());
            // the CPU clock may move in scheduler ticks (4 ms on one CI machine): a 1.5 ms call can read 0
            assertTrue(row.cpuMs().minMs() >= 0 && row.cpuMs().p90Ms() >= row.cpuMs().medianMs(), row.toString());
            assertTrue(row.tokensPerSecond() > 0 && row.gflops() > 0 && row.fractionOfGemm() > 0, row.toString());
            assertEquals(ForwardFlops.selfUpdate(tiny, row.tokens()) / 1e9, row.gflopPerUpdate(), 1e-15);
            assertEquals(row.gflops() / report.gemmBestGflops(), row.fractionOfGemm(), 1e-12);
        }

        // 16 (the model's own N) is always added for a given checkpoint
        assertEquals(List.of(8, 16, 32, 64), report.generation().stream()
                .map(EngineBenchmarkReport.GenerationRow::poolSize).toList());
        for (EngineBenchmarkReport.GenerationRow row : report.generation()) {
            assertTrue(row.prefillCachedMs().medianMs() > 0 && row.prefillUncachedMs().medianMs() > 0, row.toString());
            assertTrue(row.decodeCachedMsPerToken().medianMs() > 0 && row.decodeUncachedMsPerToken().medianMs() > 0,
                    row.toString());
            assertTrue(row.prefillCachedGflops() > 0, row.toString());
        }
        assertEquals(1, report.skipped().size(), report.skipped().toString());
        assertTrue(report.skipped().get(0).contains("N=6"), report.skipped().toString());

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("bench-engine.json"))).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("self_update").size());
        assertEquals(4, json.getAsJsonArray("generation").size());
        assertTrue(json.getAsJsonObject("gemm_fp32").get("best_gflops").getAsDouble() > 0);
        assertTrue(json.getAsJsonArray("self_update").get(1).getAsJsonObject().getAsJsonObject("wall_ms")
                .get("median").getAsDouble() > 0);
        assertEquals(16, json.getAsJsonObject("model").get("pool_size_n").getAsInt());
        assertTrue(json.getAsJsonObject("environment").get("intra_op_threads").getAsInt() > 0);
        assertTrue(report.environment().processCpuSeconds() > 0 && report.elapsedSeconds() > 0);

        String md = Files.readString(out.resolve("bench-engine.md"));
        assertEquals(report.toMarkdown(), md);
        assertTrue(md.contains("| chunk tokens |"), md);
        assertTrue(md.contains("\n| 8 | ") && md.contains("\n| 16 | "), md);
        assertTrue(md.contains("\n| pool N |") && md.contains("\n| 64 | "), md);

        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("[gemm before]") && lines.contains("[self-update N=16]")
                && lines.contains("[generation N=64]"), lines);
    }
}
