package engram.lab.probe;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ltm.AttentionRetriever;
import engram.engine.ltm.BlockRetriever;
import engram.engine.ltm.LexicalRetriever;
import engram.engine.ltm.LearnedRetriever;
import engram.engine.ltm.LtmSettings;
import engram.engine.ltm.PromoteRead;
import engram.train.corpus.NewsFeed;
import engram.train.corpus.Split;
import engram.train.eval.FeedIngest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well each block retriever finds an item of a feed (long-term-memory.md §4, gate G2): ingest M news items into
 * one memory as {@code FeedRecallEval} does, then for every item rank the Δ-log's blocks with its question and count
 * hit@1 and hit@3 of the item's fact block (its last chunk, where the fact is stated), overall and by age decile. The
 * attention retriever is measured with every layer and with each layer alone (which layers to sum is chosen on a
 * TRAIN-split feed). β is the model's (the ranking a promote read would see) unless given.
 */
public final class LtmRetrievalProbe {

    static final int DECILES = 10;

    /**
     * hit@1 and hit@3 of one retriever's ranking of the fact block, overall and per age decile (decile 0 = the newest
     * tenth), and item hit@1: the best block is one of the item's (its source is what a promote read brings back).
     */
    public record Hits(double hitAt1, double hitAt3, double itemHitAt1, double[] hitAt1ByDecile,
                       double[] hitAt3ByDecile) {
    }

    public record Report(String modelId, String split, int items, List<Long> seeds, double recencyPrior,
                         Map<String, Hits> byRetriever) {
    }

    private final MemoryLLM model;
    private final PrintStream log;

    public LtmRetrievalProbe(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
    }

    /**
     * The retrievers measured: attention (all layers summed, then each alone; the default scores with the last),
     * lexical, learned when the checkpoint has projectors.
     */
    Map<String, BlockRetriever> retrievers() {
        Map<String, BlockRetriever> out = new LinkedHashMap<>();
        out.put("attention[all layers]", new AttentionRetriever(
                java.util.stream.IntStream.range(0, model.config().numLayers()).boxed().toList()));
        for (int l = 0; l < model.config().numLayers(); l++) {
            out.put("attention[layer " + l + "]", new AttentionRetriever(List.of(l)));
        }
        out.put("lexical", new LexicalRetriever());
        if (model.retrieverProjectors() != null) {
            out.put("learned", new LearnedRetriever(model.retrieverProjectors()));
        }
        return out;
    }

    public Report run(int items, List<Long> seeds, Split split, int window, double beta) {
        LtmSettings settings = model.ltmSettings();
        Map<String, BlockRetriever> retrievers = retrievers();
        Map<String, int[][]> counts = new LinkedHashMap<>(); // [hit1, hit3, asked, item hit1] x decile
        retrievers.keySet().forEach(name -> counts.put(name, new int[4][DECILES]));
        FeedIngest ingest = new FeedIngest(model);
        for (long seed : seeds) {
            List<NewsFeed.Item> feed = NewsFeed.generate(seed, split, items);
            try (MemoryPool pool = model.newPool(seed, window)) {
                List<long[]> versions = ingest.ingestAll(pool, feed);
                for (int i = 0; i < items; i++) {
                    int[] prompt = model.tokenizer().encode(feed.get(i).question().prompt()).ids();
                    long[] mine = versions.get(i);
                    long factBlock = mine[mine.length - 1];
                    int decile = (items - 1 - i) * DECILES / items;
                    for (Map.Entry<String, BlockRetriever> r : retrievers.entrySet()) {
                        long[] ranked = new PromoteRead(r.getValue(), settings.promoteRows(), beta)
                                .rank(model, pool, prompt);
                        int[][] c = counts.get(r.getKey());
                        c[0][decile] += ranked[0] == factBlock ? 1 : 0;
                        c[1][decile] += Arrays.stream(ranked, 0, Math.min(3, ranked.length))
                                .anyMatch(v -> v == factBlock) ? 1 : 0;
                        c[2][decile]++;
                        c[3][decile] += Arrays.stream(mine).anyMatch(v -> v == ranked[0]) ? 1 : 0;
                    }
                }
            }
            log.printf("retrieval probe: seed %d done%n", seed);
        }
        Map<String, Hits> hits = new LinkedHashMap<>();
        counts.forEach((name, c) -> hits.put(name, hits(c)));
        return new Report(model.modelId(), split.name(), items, seeds, beta, hits);
    }

    private static Hits hits(int[][] c) {
        double[] at1 = new double[DECILES];
        double[] at3 = new double[DECILES];
        int asked = 0;
        int h1 = 0;
        int h3 = 0;
        int item = 0;
        for (int d = 0; d < DECILES; d++) {
            item += c[3][d];
            at1[d] = c[2][d] == 0 ? Double.NaN : (double) c[0][d] / c[2][d];
            at3[d] = c[2][d] == 0 ? Double.NaN : (double) c[1][d] / c[2][d];
            asked += c[2][d];
            h1 += c[0][d];
            h3 += c[1][d];
        }
        return new Hits((double) h1 / asked, (double) h3 / asked, (double) item / asked, at1, at3);
    }

    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder(String.format("%s, %s, M = %d, seeds %s, β = %.2f%n%n", report.modelId(),
                report.split(), report.items(), report.seeds(), report.recencyPrior()));
        md.append("| retriever | hit@1 | hit@3 | item hit@1 | hit@1 by age decile (newest tenth first) |\n"
                + "|---|---|---|---|---|\n");
        report.byRetriever().forEach((name, h) -> {
            StringBuilder deciles = new StringBuilder();
            for (double v : h.hitAt1ByDecile()) {
                deciles.append(deciles.length() == 0 ? "" : " ").append(String.format("%.2f", v));
            }
            md.append(String.format("| %s | %.3f | %.3f | %.3f | %s |%n", name, h.hitAt1(), h.hitAt3(), h.itemHitAt1(),
                    deciles));
        });
        return md.toString();
    }

    /** {@code LtmRetrievalProbe [MODEL_DIR] [ITEMS] [SEEDS e.g. 1,2,3] [SPLIT] [BETA]}: prints the table. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<Long> seeds = args.length > 2 ? Arrays.stream(args[2].split(",")).map(Long::valueOf).toList()
                : List.of(1L, 2L, 3L);
        Split split = args.length > 3 ? Split.valueOf(args[3]) : Split.HELDOUT_NAMES;
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults())) {
            double beta = args.length > 4 ? Double.parseDouble(args[4]) : model.ltmSettings().recencyPrior();
            Report report = new LtmRetrievalProbe(model, System.out).run(items, seeds, split, 512, beta);
            System.out.print(markdown(report));
        }
    }
}
