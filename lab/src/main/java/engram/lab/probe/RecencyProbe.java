package engram.lab.probe;

import engram.train.eval.RetentionEval;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.pool.FixedDropSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why retention falls below the bound: does the model read a fact's rows worse as they age, even when none of them
 * is dropped? The probe's pools drop first-in-first-out (each update drops the oldest K rows), so the rows of a fact
 * survive whole for N/K - 1 updates and only move K places back per update. After t self-updates (t = 1: right
 * after the fact) the fact's question is asked twice: of the pool as it is, and of a copy with the fact's K rows
 * moved to the newest end (the rows written after it each move K places back). Same corpus, context shaping and
 * answer rule as {@link RetentionEval}, held-out names.
 *
 * <p>With the paper's sequential memory positions the two differ when the model reads by recency.
 */
public final class RecencyProbe {

    /** Accuracy at each t with the rows where the updates put them, and with the fact's block moved to the end. */
    public record Report(String modelId, int examples, Map<Integer, Double> inPlace, Map<Integer, Double> movedToNewest) {
    }

    private final MemoryLLM model;
    private final PrintStream log;

    /** {@code model} must drop first-in-first-out: load it with {@link #fifoDrops(ModelConfig)}. */
    public RecencyProbe(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
    }

    /** Survivors K..N-1 in every layer: the oldest K rows go. */
    public static FixedDropSource fifoDrops(ModelConfig config) {
        int n = config.poolSize();
        int k = config.numTokens();
        int[] survivors = new int[n - k];
        for (int i = 0; i < survivors.length; i++) {
            survivors[i] = k + i;
        }
        return FixedDropSource.always(survivors);
    }

    public Report run(int examples, List<Integer> steps, long seed) {
        ModelConfig c = model.config();
        int n = c.poolSize();
        int k = c.numTokens();
        int maxT = steps.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (maxT >= n / k) {
            throw new IllegalArgumentException("t = " + maxT + ": a fact's rows survive FIFO drops only up to t = "
                    + (n / k - 1));
        }
        ProbeExamples stream = new ProbeExamples(model, seed);
        Map<Integer, Integer> inPlace = new LinkedHashMap<>();
        Map<Integer, Integer> moved = new LinkedHashMap<>();
        steps.forEach(t -> {
            inPlace.put(t, 0);
            moved.put(t, 0);
        });
        for (int e = 0; e < examples; e++) {
            ProbeExamples.Example example = stream.next();
            try (MemoryPool pool = model.newPool(seed * 1000 + e)) {
                model.selfUpdate(pool, example.context());
                for (int t = 1; t <= maxT; t++) {
                    if (inPlace.containsKey(t)) {
                        if (example.answeredFrom(model, pool)) {
                            inPlace.merge(t, 1, Integer::sum);
                        }
                        try (MemoryPool probe = PoolRows.reordered(pool, factBlockLast(n, k, t))) {
                            if (example.answeredFrom(model, probe)) {
                                moved.merge(t, 1, Integer::sum);
                            }
                        }
                    }
                    if (t < maxT) {
                        model.selfUpdate(pool, stream.unrelatedContext());
                    }
                }
            }
            if ((e + 1) % 20 == 0 || e + 1 == examples) {
                log.printf("recency probe: %d/%d examples%n", e + 1, examples);
            }
        }
        return new Report(model.modelId(), examples, fraction(inPlace, examples), fraction(moved, examples));
    }

    /** After t updates with FIFO drops the fact's rows are [N-tK, N-(t-1)K): move them to the end. */
    static int[] factBlockLast(int n, int k, int t) {
        int factStart = n - t * k;
        int[] order = new int[n];
        int i = 0;
        for (int r = 0; r < factStart; r++) {
            order[i++] = r;
        }
        for (int r = factStart + k; r < n; r++) {
            order[i++] = r;
        }
        for (int r = factStart; r < factStart + k; r++) {
            order[i++] = r;
        }
        return order;
    }

    private static Map<Integer, Double> fraction(Map<Integer, Integer> hits, int examples) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        hits.forEach((t, h) -> out.put(t, (double) h / examples));
        return out;
    }

    /** The table the engine README quotes. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder("| t | rows in place | fact's rows moved to the newest end |\n|---|---|---|\n");
        report.inPlace().forEach((t, a) -> md.append(String.format("| %d | %.2f | %.2f |%n", t, a,
                report.movedToNewest().get(t))));
        return md.toString();
    }

    /** {@code RecencyProbe [MODEL_DIR] [EXAMPLES]}: prints the table (about a minute for 100 examples). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        ModelConfig config = ModelConfig.load(dir.resolve("config.json"));
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults(), fifoDrops(config))) {
            Report report = new RecencyProbe(model, System.out).run(examples, List.of(1, 2, 3, 5, 10), 7);
            System.out.printf("%s, %d held-out-name examples, FIFO drops%n%s", report.modelId(), examples,
                    markdown(report));
        }
    }
}
