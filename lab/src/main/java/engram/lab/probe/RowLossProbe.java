package engram.lab.probe;

import engram.train.eval.RetentionEval;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.pool.DropIndexSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Why retention falls below the bound, second question: under the real (random) drops, is it the fact's own rows
 * that are lost, or what the drops do to the rest of the pool? Random drops take K rows per layer from anywhere, so
 * a fact loses rows one by one, and the pool fills with fragments of many older facts (FIFO drops keep N/K whole
 * ones). The probe runs the retention protocol twice with the same facts and contexts: with uniform random drops
 * ({@link RetentionEval}'s distribution), and with random drops that spare the asked fact's rows (K random rows per
 * layer among the others). Everything else is the same random-drop pool; only the fact's rows are kept whole.
 * If sparing them brings the answers back, the write is too fragile; if not, the reading of old rows is what fails.
 * A third measurement asks the newest fact (t = 1) with only part of its rows left.
 */
public final class RowLossProbe {

    /**
     * Accuracy at each t under uniform random drops, and with the fact's rows spared; the share of its rows left; and
     * right after the fact (t = 1), the accuracy with only m of its K rows per layer (keyed by m).
     */
    public record Report(String modelId, int examples, Map<Integer, Double> random, Map<Integer, Double> spared,
                         Map<Integer, Double> factRowsLeft, Map<Integer, Double> newestWithRowsKept) {
    }

    /**
     * K random drops per layer, optionally never among the rows marked as the fact's. It follows the fact's rows
     * through each update (survivors keep their order, the K new rows go to the end), so it is stateful: one pool
     * at a time, {@link #startPool} before its first update, {@link #markNewestAsFact} right after the fact's own.
     * The draws depend only on (seed, version), so both arms see the same drops wherever the fact is not involved.
     */
    static final class SparingDrops implements DropIndexSource {
        private boolean spare;
        private boolean[][] fact;

        /** A new pool: no fact marked yet; {@code spare}: never drop the fact's rows once marked. */
        void startPool(boolean spare) {
            this.spare = spare;
            fact = null;
        }

        void markNewestAsFact(int layers, int n, int k) {
            fact = new boolean[layers][n];
            for (boolean[] layer : fact) {
                Arrays.fill(layer, n - k, n, true);
            }
        }

        /** The share of the fact's K rows per layer still in the pool, averaged over layers. */
        double factRowsLeft(int k) {
            int left = 0;
            for (boolean[] layer : fact) {
                for (boolean f : layer) {
                    left += f ? 1 : 0;
                }
            }
            return (double) left / (fact.length * k);
        }

        @Override
        public int[][] survivors(int layers, int n, int k, boolean perLayer, long seed, long version) {
            Random random = new Random(seed * 1_000_003L + version);
            int[][] out = new int[layers][];
            for (int l = 0; l < layers; l++) {
                List<Integer> candidates = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    if (!spare || fact == null || !fact[l][r]) {
                        candidates.add(r);
                    }
                }
                boolean[] dropped = new boolean[n];
                for (int i = 0; i < k; i++) {
                    dropped[candidates.remove(random.nextInt(candidates.size()))] = true;
                }
                out[l] = new int[n - k];
                int j = 0;
                for (int r = 0; r < n; r++) {
                    if (!dropped[r]) {
                        out[l][j++] = r;
                    }
                }
                if (fact != null) {
                    boolean[] next = new boolean[n];
                    for (int i = 0; i < n - k; i++) {
                        next[i] = fact[l][out[l][i]];
                    }
                    fact[l] = next;
                }
            }
            return out;
        }
    }

    private final Path dir;
    private final PrintStream log;

    public RowLossProbe(Path dir, PrintStream log) {
        this.dir = dir;
        this.log = log;
    }

    public Report run(int examples, List<Integer> steps, long seed) throws IOException {
        SparingDrops drops = new SparingDrops();
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults(), drops)) {
            Map<Integer, Double> random = new LinkedHashMap<>();
            Map<Integer, Double> left = new LinkedHashMap<>();
            arm(model, drops, false, examples, steps, seed, random, left);
            Map<Integer, Double> spared = new LinkedHashMap<>();
            arm(model, drops, true, examples, steps, seed, spared, new LinkedHashMap<>());
            return new Report(model.modelId(), examples, random, spared, left,
                    newestThinned(model, drops, examples, seed));
        }
    }

    /**
     * t = 1 with part of the fact's rows gone: in every layer its own random m of the fact's K rows stay at the end,
     * the rest of the pool as it was, topped up at the oldest end with copies of the oldest rows to keep N rows.
     * Does the model answer the newest fact from part of its rows (what {@code deltaKeepMin} trains)?
     */
    private Map<Integer, Double> newestThinned(MemoryLLM model, SparingDrops drops, int examples, long seed) {
        Map<Integer, Double> accuracy = new LinkedHashMap<>();
        ModelConfig c = model.config();
        int n = c.poolSize();
        int k = c.numTokens();
        List<Integer> kept = List.of(k, 3 * k / 4, k / 2, k / 4);
        kept.forEach(m -> accuracy.put(m, 0.0));
        ProbeExamples stream = new ProbeExamples(model, seed);
        Random random = new Random(seed);
        for (int e = 0; e < examples; e++) {
            ProbeExamples.Example example = stream.next();
            drops.startPool(false);
            try (MemoryPool pool = model.newPool(seed * 1000 + e)) {
                model.selfUpdate(pool, example.context());
                for (int m : kept) {
                    try (MemoryPool thinned = PoolRows.picked(pool, factRowsKept(c.numLayers(), n, k, m, random))) {
                        if (example.answeredFrom(model, thinned)) {
                            accuracy.merge(m, 1.0 / examples, Double::sum);
                        }
                    }
                }
            }
        }
        log.printf("row-loss probe (newest fact thinned): %d examples%n", examples);
        return accuracy;
    }

    /** Per layer: copies of rows 0..K-m-1, rows 0..N-K-1, then m of the fact's rows N-K..N-1 in their order. */
    static int[][] factRowsKept(int layers, int n, int k, int m, Random random) {
        int[][] source = new int[layers][n];
        List<Integer> factRows = new ArrayList<>();
        for (int r = n - k; r < n; r++) {
            factRows.add(r);
        }
        for (int l = 0; l < layers; l++) {
            int i = 0;
            for (int r = 0; r < k - m; r++) {
                source[l][i++] = r;
            }
            for (int r = 0; r < n - k; r++) {
                source[l][i++] = r;
            }
            Collections.shuffle(factRows, random);
            List<Integer> chosen = new ArrayList<>(factRows.subList(0, m));
            Collections.sort(chosen);
            for (int r : chosen) {
                source[l][i++] = r;
            }
        }
        return source;
    }

    /** One arm of the retention protocol on {@code model}, whose drops are {@code drops}. */
    private void arm(MemoryLLM model, SparingDrops drops, boolean spare, int examples, List<Integer> steps, long seed,
                     Map<Integer, Double> accuracy, Map<Integer, Double> rowsLeft) {
        ModelConfig c = model.config();
        int maxT = steps.stream().mapToInt(Integer::intValue).max().orElseThrow();
        ProbeExamples stream = new ProbeExamples(model, seed);
        steps.forEach(t -> {
            accuracy.put(t, 0.0);
            rowsLeft.put(t, 0.0);
        });
        for (int e = 0; e < examples; e++) {
            ProbeExamples.Example example = stream.next();
            drops.startPool(spare);
            try (MemoryPool pool = model.newPool(seed * 1000 + e)) {
                model.selfUpdate(pool, example.context());
                drops.markNewestAsFact(c.numLayers(), c.poolSize(), c.numTokens());
                for (int t = 1; t <= maxT; t++) {
                    if (accuracy.containsKey(t)) {
                        if (example.answeredFrom(model, pool)) {
                            accuracy.merge(t, 1.0 / examples, Double::sum);
                        }
                        rowsLeft.merge(t, drops.factRowsLeft(c.numTokens()) / examples, Double::sum);
                    }
                    if (t < maxT) {
                        model.selfUpdate(pool, stream.unrelatedContext());
                    }
                }
            }
            if ((e + 1) % 20 == 0 || e + 1 == examples) {
                log.printf("row-loss probe (%s): %d/%d examples%n", spare ? "fact spared" : "random", e + 1,
                        examples);
            }
        }
    }

    /** The table the engine README quotes. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder("| t | random drops | fact's rows spared | fact's rows left (random) |\n"
                + "|---|---|---|---|\n");
        report.random().forEach((t, a) -> md.append(String.format("| %d | %.2f | %.2f | %.2f |%n", t, a,
                report.spared().get(t), report.factRowsLeft().get(t))));
        md.append("\n| t = 1, fact's rows kept per layer | accuracy |\n|---|---|\n");
        report.newestWithRowsKept().forEach((m, a) -> md.append(String.format("| %d | %.2f |%n", m, a)));
        return md.toString();
    }

    /** {@code RowLossProbe [MODEL_DIR] [EXAMPLES]}: prints the table (a few minutes for 100 examples). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Report report = new RowLossProbe(dir, System.out).run(examples, List.of(1, 2, 5, 10, 16), 7);
        System.out.printf("%s, %d held-out-name examples%n%s", report.modelId(), examples, markdown(report));
    }
}
