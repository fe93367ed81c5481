package engram.train.eval;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ltm.BlockRetrievers;
import engram.engine.ltm.LtmSettings;
import engram.engine.ltm.OracleRetriever;
import engram.engine.ltm.PromoteRead;
import engram.train.corpus.NewsFeed;
import engram.train.corpus.Split;

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
 * Feed recall (long-term-memory.md §6): ingest M news items into one memory through the service's chunker
 * ({@link FeedIngest}), then ask one question per item, in random order, each of the same final state, greedy, with
 * the project's correctness rule ({@link RetentionEval#answers}). Measured per reader: the plain read ("stm") and a
 * promote read of the long-term memory with each retriever ("oracle" is told the item's versions: the ceiling).
 * Also: the newest item right after it was ingested (t = 1, which a long-term memory must not spoil) and, on a feed
 * where later items change earlier facts, how often the question gets the later value and how often the stale one.
 */
public final class FeedRecallEval {

    public static final String STM = "stm";
    public static final List<String> READERS = List.of(STM, BlockRetrievers.ORACLE, BlockRetrievers.ATTENTION,
            BlockRetrievers.LEXICAL);
    static final int DECILES = 10;

    /**
     * What to run.
     *
     * @param recencyPrior β for every promote read; null = the model's
     * @param promoteRows  R for every promote read; null = the model's
     * @param newestFrom   the newest item is asked after every item from this index on (0 = all; warm-up skipped)
     */
    public record Options(List<Integer> feedSizes, List<Long> seeds, Split split, int window, List<String> readers,
                          Double recencyPrior, Integer promoteRows, int newestFrom) {

        public static Options standard() {
            return new Options(List.of(50, 200), List.of(1L, 2L, 3L), Split.HELDOUT_NAMES, 512, READERS, null, null,
                    20);
        }
    }

    /** One reader on one feed size, over the seeds. */
    public record ReaderResult(double recall, List<Double> recallPerSeed, double[] recallByAgeDecile,
                               double newestAccuracy, int newestAsked, double changedLater, double changedStale,
                               int changedAsked) {
    }

    /** Results per feed size, then per reader. */
    public record Report(String modelId, String split, int window, int promoteRows, double recencyPrior,
                         List<Long> seeds, Map<Integer, Map<String, ReaderResult>> results, double seconds) {
    }

    private final MemoryLLM model;
    private final PrintStream log;
    private final FeedIngest ingest;

    public FeedRecallEval(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
        this.ingest = new FeedIngest(model);
    }

    public Report run(Options options) {
        long started = System.nanoTime();
        LtmSettings settings = model.ltmSettings();
        double beta = options.recencyPrior() != null ? options.recencyPrior() : settings.recencyPrior();
        int rows = options.promoteRows() != null ? options.promoteRows() : settings.promoteRows();
        Map<Integer, Map<String, ReaderResult>> results = new LinkedHashMap<>();
        for (int m : options.feedSizes()) {
            Map<String, Tally> tallies = new LinkedHashMap<>();
            options.readers().forEach(r -> tallies.put(r, new Tally()));
            for (long seed : options.seeds()) {
                recall(m, seed, options, beta, rows, tallies);
                changes(m, seed, options, beta, rows, tallies);
                log.printf("feed recall M = %d, seed %d: %s%n", m, seed, summary(tallies));
            }
            Map<String, ReaderResult> byReader = new LinkedHashMap<>();
            tallies.forEach((reader, t) -> byReader.put(reader, t.result()));
            results.put(m, byReader);
        }
        return new Report(model.modelId(), options.split().name(), options.window(), rows, beta,
                options.seeds(), results, (System.nanoTime() - started) / 1e9);
    }

    /** One feed: ingest (asking the newest item as it arrives), then every item of the final state. */
    private void recall(int m, long seed, Options options, double beta, int rows, Map<String, Tally> tallies) {
        List<NewsFeed.Item> items = NewsFeed.generate(seed, options.split(), m);
        List<long[]> versions = new ArrayList<>();
        try (MemoryPool pool = model.newPool(seed, options.window())) {
            for (int i = 0; i < m; i++) {
                versions.add(ingest.ingest(pool, items.get(i)));
                if (i >= Math.min(options.newestFrom(), m - 1)) {
                    for (String reader : options.readers()) {
                        tallies.get(reader).newest(asks(pool, items.get(i), read(reader, versions.get(i), beta, rows)));
                    }
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            for (String reader : options.readers()) {
                boolean[] correct = new boolean[m];
                for (int i : order) {
                    correct[i] = asks(pool, items.get(i), read(reader, versions.get(i), beta, rows));
                }
                tallies.get(reader).feed(correct);
            }
        }
    }

    /** A feed where later items change earlier facts (M / 10 pairs): later value vs stale value. */
    private void changes(int m, long seed, Options options, double beta, int rows, Map<String, Tally> tallies) {
        List<NewsFeed.Item> items = NewsFeed.withChanges(seed + 1000, options.split(), m, Math.max(1, m / 10));
        try (MemoryPool pool = model.newPool(seed, options.window())) {
            List<long[]> versions = ingest.ingestAll(pool, items);
            for (String reader : options.readers()) {
                for (int i = 0; i < m; i++) {
                    NewsFeed.Item item = items.get(i);
                    if (item.changes() < 0) {
                        continue;
                    }
                    int[] prompt = model.tokenizer().encode(item.question().prompt()).ids();
                    PromoteRead read = read(reader, versions.get(i), beta, rows);
                    boolean[] got = RetentionEval.answers(model, pool, prompt, read, item.question().answer(),
                            item.staleValue());
                    tallies.get(reader).changed(got[0], got[1]);
                }
            }
        }
    }

    private boolean asks(MemoryPool pool, NewsFeed.Item item, PromoteRead read) {
        int[] prompt = model.tokenizer().encode(item.question().prompt()).ids();
        return RetentionEval.answers(model, pool, prompt, read, item.question().answer())[0];
    }

    /** The promote read of a reader (null: the plain read); the oracle is told the item's versions. */
    private PromoteRead read(String reader, long[] itemVersions, double beta, int rows) {
        return switch (reader) {
            case STM -> null;
            case BlockRetrievers.ORACLE -> new PromoteRead(new OracleRetriever(itemVersions), rows, beta);
            default -> new PromoteRead(BlockRetrievers.create(reader, model.ltmSettings(),
                    model.retrieverProjectors()), rows, beta);
        };
    }

    private static String summary(Map<String, Tally> tallies) {
        StringBuilder out = new StringBuilder();
        tallies.forEach((r, t) -> out.append(String.format("%s %.3f  ", r, t.result().recall())));
        return out.toString().trim();
    }

    /** Counts of one reader. */
    private static final class Tally {
        final List<Double> perSeed = new ArrayList<>();
        final int[] decileHits = new int[DECILES];
        final int[] decileAsked = new int[DECILES];
        int newestHits;
        int newestAsked;
        int later;
        int stale;
        int changedAsked;

        void feed(boolean[] correct) {
            int m = correct.length;
            int hits = 0;
            for (int i = 0; i < m; i++) {
                int decile = (m - 1 - i) * DECILES / m; // age m - i: decile 0 = the newest tenth
                decileAsked[decile]++;
                if (correct[i]) {
                    hits++;
                    decileHits[decile]++;
                }
            }
            perSeed.add((double) hits / m);
        }

        void newest(boolean correct) {
            newestAsked++;
            newestHits += correct ? 1 : 0;
        }

        void changed(boolean gotLater, boolean gotStale) {
            changedAsked++;
            later += gotLater ? 1 : 0;
            stale += gotStale ? 1 : 0;
        }

        ReaderResult result() {
            double[] byDecile = new double[DECILES];
            for (int d = 0; d < DECILES; d++) {
                byDecile[d] = decileAsked[d] == 0 ? Double.NaN : (double) decileHits[d] / decileAsked[d];
            }
            double recall = perSeed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            return new ReaderResult(recall, List.copyOf(perSeed), byDecile,
                    newestAsked == 0 ? Double.NaN : (double) newestHits / newestAsked, newestAsked,
                    changedAsked == 0 ? Double.NaN : (double) later / changedAsked,
                    changedAsked == 0 ? Double.NaN : (double) stale / changedAsked, changedAsked);
        }
    }

    /**
     * {@code FeedRecallEval [MODEL_DIR] [OUT_DIR] [--sizes 50,200] [--seeds 1,2,3] [--split HELDOUT_NAMES]
     * [--window 512] [--readers stm,oracle,attention,lexical] [--beta B] [--promote-rows R] [--newest-from 20]}:
     * runs the eval, prints the table, writes feed-recall.json, feed-recall.md and one PNG per feed size into
     * OUT_DIR.
     */
    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                flags.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        Path modelDir = Path.of(positional.size() > 0 ? positional.get(0) : "models/engram-tiny");
        Path out = Path.of(positional.size() > 1 ? positional.get(1) : "target/feed-recall");
        Options d = Options.standard();
        Options options = new Options(
                flags.containsKey("--sizes") ? ints(flags.get("--sizes")) : d.feedSizes(),
                flags.containsKey("--seeds") ? ints(flags.get("--seeds")).stream().map(Integer::longValue).toList()
                        : d.seeds(),
                flags.containsKey("--split") ? Split.valueOf(flags.get("--split")) : d.split(),
                flags.containsKey("--window") ? Integer.parseInt(flags.get("--window")) : d.window(),
                flags.containsKey("--readers") ? Arrays.asList(flags.get("--readers").split(",")) : d.readers(),
                flags.containsKey("--beta") ? Double.valueOf(flags.get("--beta")) : d.recencyPrior(),
                flags.containsKey("--promote-rows") ? Integer.valueOf(flags.get("--promote-rows")) : d.promoteRows(),
                flags.containsKey("--newest-from") ? Integer.parseInt(flags.get("--newest-from")) : d.newestFrom());
        try (MemoryLLM model = MemoryLLM.load(modelDir, EngineOptions.defaults())) {
            Report report = new FeedRecallEval(model, System.out).run(options);
            FeedRecallReport.write(report, out);
            System.out.print(FeedRecallReport.markdown(report));
            System.out.printf("%.1f s; results in %s%n", report.seconds(), out);
        }
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
