package engram.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.tools.EngramTools;
import engram.tools.bench.EngineBenchmark;
import engram.tools.bench.PipelineBenchmark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The offline command line parses like the service's: typed options with their defaults in the help, and every
 * unknown, dangling or out-of-range option refused with picocli's message and exit code 2, before anything runs.
 */
class ToolsCommandLineTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cli = EngramTools.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(expectedExit, cli.execute(args), () -> "exit code for " + String.join(" ", args)
                + "; stdout: " + out + "; stderr: " + err);
        return out + err.toString();
    }

    /** Help text with its line wrapping undone, so a phrase reads the same wherever the columns cut it. */
    private static String help(String... args) {
        return run(0, args).replaceAll("\\s+", " ");
    }

    /** The command object picocli filled in for {@code args} (the innermost subcommand), without running it. */
    private static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = EngramTools.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void helpListsTheOfflineCommandsAndVersionPrintsTheVersion() {
        String help = run(0, "--help");
        for (String command : List.of("train", "eval", "bench", "corpus")) {
            assertTrue(help.contains("  " + command + " "), help);
        }
        assertTrue(run(0, "--version").startsWith("engram "));
        String bench = run(0, "bench", "--help");
        assertTrue(bench.contains("Usage: engram bench") && bench.contains("engine") && bench.contains("pipeline"),
                bench);
    }

    @Test
    void eachBenchmarkShowsItsOptionsWithTheirDefaults() {
        String engine = help("bench", "engine", "--help");
        assertTrue(engine.contains("Usage: engram bench engine"), engine);
        assertTrue(engine.contains("--runs=RUNS") && engine.contains("(default: 15; 3 with --quick)"), engine);
        assertTrue(engine.contains("(default: target/bench)") && engine.contains("(default: cpu)"), engine);
        String pipeline = help("bench", "pipeline", "--help");
        assertTrue(pipeline.contains("Usage: engram bench pipeline"), pipeline);
        assertTrue(pipeline.contains("--updates=N") && pipeline.contains("(default: 2000)"), pipeline);
        assertTrue(pipeline.contains("--stream-threads=S") && pipeline.contains("(default: 2)"), pipeline);
        assertTrue(pipeline.contains("(default: 600)") && pipeline.contains("(default: 3)"), pipeline);
    }

    @Test
    void aMissingOrUnknownBenchmarkIsAUsageError() {
        assertTrue(run(2, "bench").contains("Missing benchmark: engine or pipeline"));
        assertTrue(run(2, "bench", "gemm").contains("'gemm'"));
    }

    @Test
    void aDanglingOptionIsRefusedNotDropped() {
        // the hand-made parser this replaces read options in pairs and silently ignored a last, lone one
        String pipeline = run(2, "bench", "pipeline", "--updates", "12", "--repetitions");
        assertTrue(pipeline.contains("Missing required parameter for option '--repetitions'"), pipeline);
        String engine = run(2, "bench", "engine", "--quick", "--runs");
        assertTrue(engine.contains("Missing required parameter for option '--runs'"), engine);
    }

    @Test
    void unknownOptionsAndBadValuesAreRefused() {
        String unknown = run(2, "bench", "pipeline", "--frobnicate", "3");
        assertTrue(unknown.contains("Unknown options: '--frobnicate', '3'"), unknown);
        assertTrue(run(2, "bench", "engine", "--fast").contains("Unknown option: '--fast'"));
        assertTrue(run(2, "bench", "pipeline", "--updates", "many").contains("'many' is not an int"));
        assertTrue(run(2, "bench", "engine", "--chunks", "64,x").contains("'x' is not an int"));
    }

    @Test
    void settingsTheBenchmarksRefuseAreUsageErrorsBeforeAnythingRuns() {
        String engine = run(2, "bench", "engine", "--new-tokens", "1");
        assertTrue(engine.contains("new tokens must be >= 2"), engine);
        assertTrue(engine.contains("Usage: engram bench engine"), engine);
        assertTrue(run(2, "bench", "pipeline", "--repetitions", "0").contains("repetitions must be >= 1"));
        assertTrue(run(2, "bench", "pipeline", "--threads", "0").contains("threads must be >= 1"));
    }

    @Test
    void quickPicksTheSmokeSettingsAndGivenOptionsOverrideThemInAnyOrder() {
        EngineBenchmark.Options quick = parsed(BenchEngineCommand.class, "bench", "engine", "--runs", "5", "--quick")
                .options();
        assertTrue(quick.quick());
        assertEquals(5, quick.measuredRuns());
        assertEquals(EngineBenchmark.Options.quickDefaults().warmupRuns(), quick.warmupRuns());
        assertEquals(EngineBenchmark.Options.quickDefaults().gemmSizes(), quick.gemmSizes());

        EngineBenchmark.Options full = parsed(BenchEngineCommand.class, "bench", "engine", "--chunks", "8,16",
                "--threads", "1", "--model", "m", "--out", "o").options();
        assertEquals(EngineBenchmark.Options.defaults().withModel(Path.of("m")).withOut(Path.of("o"))
                .withSizes(List.of(8, 16), List.of(256, 1024, 4096), List.of(256, 512, 1024))
                .withDevice("cpu", 1), full);
        assertEquals(EngineBenchmark.Options.defaults(), parsed(BenchEngineCommand.class, "bench", "engine")
                .options(), "no option: the full run with the engine's own thread count");
    }

    @Test
    void pipelineOptionsReachTheBenchmark() {
        PipelineBenchmark.Options options = parsed(BenchPipelineCommand.class, "bench", "pipeline", "--model", "m",
                "--updates", "12", "--out", "o", "--apply-budget-ms", "40", "--warm-up", "2", "--repetitions", "4",
                "--stream-threads", "1").options();
        assertEquals(new PipelineBenchmark.Options(Path.of("m"), 12, Path.of("o"), 40, 2, 4, 1), options);
        PipelineBenchmark.Options defaults = parsed(BenchPipelineCommand.class, "bench", "pipeline").options();
        assertEquals(PipelineBenchmark.Options.DEFAULT_UPDATES, defaults.updates());
        assertEquals(0, defaults.applyBudgetMillis(), "0 = the service's budget");
        assertEquals(Path.of("target/bench"), defaults.out());
        assertTrue(defaults.model().endsWith(Path.of("models", "engram-tiny")), defaults.model().toString());
    }

    @Test
    void corpusCommandsParseTheirOptions(@TempDir Path dir) throws Exception {
        assertTrue(run(2, "corpus").contains("Missing command: build or samples"));
        String unknown = run(2, "corpus", "build", dir.toString(), "--vocabulary", "5");
        assertTrue(unknown.contains("Unknown options: '--vocabulary', '5'"), unknown);
        assertTrue(run(2, "corpus", "samples", dir.toString(), "--seed", "x").contains("'x' is not a long"));
        assertTrue(run(2, "corpus", "build", dir.toString(), "--vocab", "100").contains("at least 258"));
        assertTrue(run(2, "corpus", "samples").contains("Missing required parameter: 'DIR'"));
        String build = help("corpus", "build", "--help");
        assertTrue(build.contains("--tokenizer-samples=N") && build.contains("(default: 20000)"), build);

        run(0, "corpus", "samples", dir.toString());
        assertEquals(12, Files.readAllLines(dir.resolve("news.jsonl")).size());
        assertEquals(12, Files.readAllLines(dir.resolve("questions.jsonl")).size());
    }
}
