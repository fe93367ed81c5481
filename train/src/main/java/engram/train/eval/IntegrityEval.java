package engram.train.eval;

import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.train.LossCurvePlot;
import engram.train.corpus.Corpus;
import engram.train.corpus.FactSource;
import engram.train.corpus.Sample;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory integrity (the paper's "integrity" experiment): one pool, one long stream of self-updates, and after every
 * {@code askEvery}-th update a question about the fact that update just injected. A model whose pool degrades as
 * it fills with its own outputs shows a falling curve; a healthy one stays flat, however many updates it absorbed.
 * Accuracy is reported per window of the stream, and the first tenth is compared with the last.
 */
public final class IntegrityEval {

    /** What to run: the stream length, how often to ask, how many windows to report. */
    public record Options(Corpus corpus, int updates, int askEvery, int windows, long seed) {
        /** The acceptance run: 100,000 consecutive updates. */
        public static Options full(Corpus corpus) {
            return new Options(corpus, 100_000, 20, 20, 11);
        }

        public Options {
            if (updates < windows || askEvery < 1 || windows < 10 || updates / askEvery < windows) {
                throw new IllegalArgumentException("need updates >= windows >= 10 and at least one question per "
                        + "window (updates " + updates + ", askEvery " + askEvery + ", windows " + windows + ")");
            }
        }
    }

    /** Accuracy per window, and the first and last tenth of the stream. */
    public record Report(String modelId, int updates, int askEvery, int questions, double[] windowAccuracy,
                         double firstTenth, double lastTenth, double seconds) {

        /** Last tenth minus first tenth, in accuracy points (negative: the memory degraded). */
        public double drift() {
            return lastTenth - firstTenth;
        }
    }

    private final MemoryLLM model;
    private final PrintStream log;

    public IntegrityEval(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
    }

    public Report run(Options options) {
        long started = System.nanoTime();
        FactSource generator = options.corpus().facts(options.seed(), Corpus.HELDOUT_NAMES, 0);
        EvalContexts contexts = new EvalContexts(model);
        int[] hits = new int[options.windows()];
        int[] asked = new int[options.windows()];
        int firstHits = 0;
        int firstAsked = 0;
        int lastHits = 0;
        int lastAsked = 0;
        int tenth = options.updates() / 10;
        int progressEvery = Math.max(1, options.updates() / 100);
        try (MemoryPool pool = model.newPool(options.seed())) {
            for (int u = 1; u <= options.updates(); u++) {
                Sample sample = contexts.nextFitting(generator);
                model.selfUpdate(pool, contexts.ids(sample, generator));
                if (u % options.askEvery() == 0) {
                    int hit = RetentionEval.answers(model, pool,
                            model.tokenizer().encode(sample.question().prompt()).ids(), sample.question().answer())
                            ? 1 : 0;
                    int w = (int) ((long) (u - 1) * options.windows() / options.updates());
                    hits[w] += hit;
                    asked[w]++;
                    if (u <= tenth) {
                        firstHits += hit;
                        firstAsked++;
                    } else if (u > options.updates() - tenth) {
                        lastHits += hit;
                        lastAsked++;
                    }
                }
                if (u % progressEvery == 0 || u == options.updates()) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    log.printf("integrity: %,d/%,d updates (%.0f%%), accuracy so far %.1f%%, %.0f updates/s, "
                                    + "ETA %.0f s%n", u, options.updates(), 100.0 * u / options.updates(),
                            100.0 * sum(hits) / Math.max(1, sum(asked)), u / seconds,
                            seconds / u * (options.updates() - u));
                }
            }
        }
        double[] accuracy = new double[options.windows()];
        for (int w = 0; w < accuracy.length; w++) {
            accuracy[w] = (double) hits[w] / Math.max(1, asked[w]);
        }
        return new Report(model.modelId(), options.updates(), options.askEvery(), sum(asked), accuracy,
                (double) firstHits / Math.max(1, firstAsked), (double) lastHits / Math.max(1, lastAsked),
                (System.nanoTime() - started) / 1e9);
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }

    /** integrity.json, integrity.md and integrity.png (windowed accuracy along the stream) into {@code dir}. */
    public static void write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("integrity.json"), new com.google.gson.GsonBuilder().setPrettyPrinting()
                .create().toJson(report) + "\n");
        int windows = report.windowAccuracy().length;
        double[] x = new double[windows];
        StringBuilder md = new StringBuilder(String.format("Integrity over %,d consecutive updates (%s), a question "
                        + "about the newest fact after every %d-th update (%,d questions).%n%n"
                        + "| updates | accuracy on the newest fact |%n|---|---|%n", report.updates(), report.modelId(),
                report.askEvery(), report.questions()));
        for (int w = 0; w < windows; w++) {
            x[w] = (double) (w + 1) * report.updates() / windows;
            md.append(String.format("| %,d–%,d | %.3f |%n", (long) w * report.updates() / windows + 1, (long) x[w],
                    report.windowAccuracy()[w]));
        }
        md.append(String.format("%nFirst tenth %.3f, last tenth %.3f: drift %+.1f points (%.0f s).%n",
                report.firstTenth(), report.lastTenth(), 100 * report.drift(), report.seconds()));
        Files.writeString(dir.resolve("integrity.md"), md.toString());
        LossCurvePlot.writeChart(dir.resolve("integrity.png"), "integrity (" + report.modelId() + ")",
                "self-updates applied to one pool", List.of(
                        new LossCurvePlot.Series("accuracy on the newest fact", x, report.windowAccuracy(),
                                new Color(0, 90, 200), false)));
    }
}
