package engram.train.eval;

import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.ltm.PromoteRead;
import engram.engine.tokenizer.Tokenizer;
import engram.train.LossCurvePlot;
import engram.train.corpus.Corpus;
import engram.train.corpus.FactSource;
import engram.train.corpus.Sample;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paper's knowledge-retention protocol (memoryllm-algorithm §8.1) on a synthetic corpus (the phrasebook or the
 * natural news corpus, {@link Corpus}, held-out splits only): for each example,
 * start from the checkpoint's pool, inject a context holding a fact, then unrelated contexts one by one, and ask the
 * fact's question after t self-updates (t = 1: right after the fact). An answer is correct when the expected answer
 * is a (case-sensitive) substring of the first 10 greedily generated tokens.
 *
 * <p>Also measured: the no-memory baseline (the same question to the untouched pool), specificity (a question about a
 * fact never injected, answered with the injected fact's answer), and the theoretical retention bound
 * a1 * (1 - K/N)^(t-1) (each update keeps a row with probability 1 - K/N). Contexts are shaped as the service would
 * feed them ({@link EvalContexts}: within the model's chunk limit, topped up to 16 tokens).
 */
public final class RetentionEval {

    /**
     * What the self-updates after the fact inject. {@code FACTS} (the default, and every figure in the model card):
     * other facts' contexts, names and relations like the asked one, as the paper's unrelated NQ/SQuAD passages are
     * text of the same kind. {@code FILLER}: the corpus's everyday items that state no askable fact; what is then
     * lost is the rows the drops take, with little content competing for the reader.
     */
    public enum Unrelated {
        FACTS("other facts"), FILLER("filler (no askable fact)");

        final String description;

        Unrelated(String description) {
            this.description = description;
        }
    }

    /** What to run: which corpus and which of its splits, how many examples, up to which t. */
    public record Options(Corpus corpus, int examples, int maxSteps, long seed, List<String> splits,
                          Unrelated unrelated) {

        public static Options quick(Corpus corpus) {
            return new Options(corpus, 100, 1, 7, List.of(Corpus.HELDOUT_NAMES), Unrelated.FACTS);
        }

        public static Options full(Corpus corpus, ModelConfig config) {
            return new Options(corpus, 100, 2 * config.poolSize() / config.numTokens(), 7, corpus.evalSplits(),
                    Unrelated.FACTS);
        }

        public Options with(Unrelated kind) {
            return new Options(corpus, examples, maxSteps, seed, splits, kind);
        }

        public Options withExamples(int count) {
            return new Options(corpus, count, maxSteps, seed, splits, unrelated);
        }
    }

    /** Accuracy per split at each measured t, plus the baselines. */
    public record Report(String modelId, int examples, Map<String, Map<Integer, Double>> accuracy,
                         Map<String, Double> noMemoryBaseline, Map<String, Double> specificityConfusion,
                         double keepProbability, double seconds, Unrelated unrelated) {

        public double stepOne(String split) {
            return accuracy.get(split).get(1);
        }

        /** The theoretical curve a1·(1−K/N)^(t−1) of a split: step-1 accuracy times the chance a row survives. */
        public double bound(String split, int t) {
            return accuracy.get(split).get(1) * Math.pow(keepProbability, t - 1);
        }
    }

    private static final int ANSWER_TOKENS = 10;

    private final MemoryLLM model;
    private final PrintStream log;

    public RetentionEval(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
    }

    /** t = 1, 2, 5, 10, 20, 50, ... up to maxSteps (and maxSteps itself). */
    static List<Integer> measuredSteps(int maxSteps) {
        TreeSet<Integer> steps = new TreeSet<>();
        for (int decade = 1; decade <= maxSteps; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (m * decade <= maxSteps) {
                    steps.add(m * decade);
                }
            }
        }
        steps.add(maxSteps);
        return new ArrayList<>(steps);
    }

    public Report run(Options options) {
        long started = System.nanoTime();
        Tokenizer tokenizer = model.tokenizer();
        EvalContexts contexts = new EvalContexts(model);
        List<Integer> steps = measuredSteps(options.maxSteps());
        Map<String, Map<Integer, Double>> accuracy = new LinkedHashMap<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        Map<String, Double> confusion = new LinkedHashMap<>();
        for (String split : options.splits()) {
            FactSource generator = options.corpus().facts(options.seed(), split, 0);
            FactSource unrelated = options.corpus().facts(options.seed() + 1, Corpus.HELDOUT_NAMES, 0);
            Map<Integer, Integer> hits = new LinkedHashMap<>();
            steps.forEach(t -> hits.put(t, 0));
            int baselineHits = 0;
            int confused = 0;
            for (int e = 0; e < options.examples(); e++) {
                Sample sample = contexts.nextFitting(generator);
                Sample other = generator.nextSample();
                try (MemoryPool pool = model.newPool(options.seed() * 1000 + e)) {
                    int[] question = tokenizer.encode(sample.question().prompt()).ids();
                    if (answers(model, pool, question, sample.question().answer())) {
                        baselineHits++;
                    }
                    model.selfUpdate(pool, contexts.ids(sample, unrelated));
                    for (int t = 1; t <= options.maxSteps(); t++) {
                        if (hits.containsKey(t) && answers(model, pool, question, sample.question().answer())) {
                            hits.merge(t, 1, Integer::sum);
                        }
                        if (t == 1 && other.fact().relation() == sample.fact().relation()
                                && !other.question().answer().equals(sample.question().answer())) {
                            int[] otherQuestion = tokenizer.encode(other.question().prompt()).ids();
                            if (answers(model, pool, otherQuestion, sample.question().answer())) {
                                confused++;
                            }
                        }
                        if (t < options.maxSteps()) {
                            model.selfUpdate(pool, contexts.unrelated(options.unrelated(), unrelated));
                        }
                    }
                }
                if ((e + 1) % 20 == 0 || e + 1 == options.examples()) {
                    log.printf("eval %s: %d/%d examples, step-1 accuracy so far %.1f%%%n", split, e + 1,
                            options.examples(), 100.0 * hits.get(1) / (e + 1));
                }
            }
            Map<Integer, Double> curve = new LinkedHashMap<>();
            hits.forEach((t, h) -> curve.put(t, (double) h / options.examples()));
            accuracy.put(split, curve);
            baseline.put(split, (double) baselineHits / options.examples());
            confusion.put(split, (double) confused / options.examples());
        }
        ModelConfig c = model.config();
        double keep = 1 - (double) c.numTokens() / c.poolSize();
        return new Report(model.modelId(), options.examples(), accuracy, baseline, confusion, keep,
                (System.nanoTime() - started) / 1e9, options.unrelated());
    }

    /**
     * The protocol's answer: the first {@value #ANSWER_TOKENS} greedy tokens, no stop token (shared by the evals),
     * read plainly ({@code read} null) or with a promote read of the pool's long-term memory.
     */
    private static String answer(MemoryLLM model, MemoryPool pool, int[] prompt, PromoteRead read) {
        Generation g = model.generate(pool, prompt, GenerateOptions.greedy(ANSWER_TOKENS).withStopTokens(List.of()),
                read);
        return model.tokenizer().decode(g.tokens());
    }

    /** The protocol's criterion: the expected answer appears in the reply. */
    private static boolean correct(String reply, String expected) {
        return reply.contains(expected);
    }

    /** Whether {@code prompt}, asked of {@code pool}, meets the criterion (shared by the evals and probes). */
    public static boolean answers(MemoryLLM model, MemoryPool pool, int[] prompt, String expected) {
        return correct(answer(model, pool, prompt, null), expected);
    }

    /**
     * For each of {@code expected}, whether one reply to {@code prompt} meets the criterion for it (a changed fact's
     * new and old value), the reply read with {@code read} (null: the plain read).
     */
    public static boolean[] answers(MemoryLLM model, MemoryPool pool, int[] prompt, PromoteRead read,
                                    String... expected) {
        String reply = answer(model, pool, prompt, read);
        boolean[] out = new boolean[expected.length];
        for (int i = 0; i < expected.length; i++) {
            out[i] = correct(reply, expected[i]);
        }
        return out;
    }

    /** JSON, markdown and a PNG of the retention curves with the bound and the baseline, into {@code dir}. */
    public static void write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("eval.json"), new com.google.gson.GsonBuilder().setPrettyPrinting().create()
                .toJson(report) + "\n");
        StringBuilder md = new StringBuilder("| split | t | accuracy | bound a1·(1−K/N)^(t−1) | no-memory |\n"
                + "|---|---|---|---|---|\n");
        List<LossCurvePlot.Series> series = new ArrayList<>();
        Color[] colors = {new Color(0, 90, 200), new Color(200, 90, 0)};
        int i = 0;
        for (Map.Entry<String, Map<Integer, Double>> e : report.accuracy().entrySet()) {
            double[] x = e.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            double[] bound = new double[x.length];
            double[] base = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                bound[j] = report.bound(e.getKey(), (int) x[j]);
                base[j] = report.noMemoryBaseline().get(e.getKey());
                md.append(String.format("| %s | %d | %.3f | %.3f | %.3f |%n", e.getKey(), (int) x[j], y[j], bound[j],
                        base[j]));
            }
            Color color = colors[i++ % colors.length];
            series.add(new LossCurvePlot.Series(e.getKey(), x, y, color, false));
            series.add(new LossCurvePlot.Series(e.getKey() + " bound", x, bound, color, true));
            series.add(new LossCurvePlot.Series(e.getKey() + " no memory", x, base, Color.GRAY, true));
        }
        md.append(String.format("%nSpecificity (asked about a never-injected fact, answered with the injected one): %s%n",
                report.specificityConfusion()));
        md.append(String.format("Unrelated contexts injected after the fact: %s.%n",
                report.unrelated().description));
        Files.writeString(dir.resolve("eval.md"), md.toString());
        LossCurvePlot.writeChart(dir.resolve("retention.png"), "knowledge retention (" + report.modelId() + ")",
                "t = self-updates since the fact was injected (1 = right after)", series);
    }
}
