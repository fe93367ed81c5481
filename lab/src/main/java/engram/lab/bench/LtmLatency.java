package engram.lab.bench;

import engram.engine.EngineOptions;
import engram.engine.GenerateOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ltm.PromoteRead;
import engram.train.corpus.NewsFeed;
import engram.train.corpus.Split;
import engram.train.eval.FeedIngest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the long-term memory costs a question and an update (a benchmark that prints numbers, not a test): a memory
 * with a full window (W updates of news items), then the feed's questions asked with the plain read and with a
 * promote read per retriever, 10 greedy tokens each, wall-clock p50/p90. Two regimes: questions on one state (the
 * retrievers' key matrices cached), and a question after every new update (one new block to key, the matrix
 * rebuilt). Also the self-update with the long-term memory on and off, fed the same chunks.
 */
public final class LtmLatency {

    private LtmLatency() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int questions = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> readers = List.of("plain", "attention", "lexical");
        GenerateOptions greedy = GenerateOptions.greedy(10).withStopTokens(List.of());
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults());
             MemoryPool on = model.newPool(1, window);
             MemoryPool off = model.newPool(1, 0)) {
            FeedIngest ingest = new FeedIngest(model);
            List<NewsFeed.Item> feed = NewsFeed.generate(11, Split.HELDOUT_NAMES, window);
            List<int[]> chunks = new ArrayList<>();
            for (NewsFeed.Item item : feed) {
                ingest.chunker().chunk(item.text()).forEach(c -> chunks.add(c.tokenIds()));
            }
            List<Double> updateOn = new ArrayList<>();
            List<Double> updateOff = new ArrayList<>();
            for (int u = 0; u < window; u++) {
                long t0 = System.nanoTime();
                model.selfUpdate(off, chunks.get(u));
                long t1 = System.nanoTime();
                model.selfUpdate(on, chunks.get(u), "item-" + u);
                long t2 = System.nanoTime();
                updateOff.add((t1 - t0) / 1e6);
                updateOn.add((t2 - t1) / 1e6);
            }
            System.out.printf("%s, W = %d, %d blocks in the log, %d questions per reader, 10 greedy tokens%n%n",
                    model.modelId(), window, on.ltm().log().size(), questions);
            System.out.println("| what | p50 ms | p90 ms |\n|---|---|---|");
            row("self-update, long-term memory off", updateOff);
            row("self-update, long-term memory on (W = " + window + ")", updateOn);
            Map<String, List<Double>> same = new LinkedHashMap<>();
            for (String reader : readers) {
                PromoteRead read = reader.equals("plain") ? null : model.promoteRead(reader);
                ask(model, on, feed, read, greedy, 10);  // warm-up (and the retrievers' key caches)
                same.put(reader, ask(model, on, feed, read, greedy, questions));
            }
            same.forEach((reader, ms) -> row("question, one state, " + reader, ms));
            for (String reader : readers) {
                PromoteRead read = reader.equals("plain") ? null : model.promoteRead(reader);
                List<Double> ms = new ArrayList<>();
                for (int q = 0; q < Math.min(questions, chunks.size() - window); q++) {
                    model.selfUpdate(on, chunks.get(window + q), "late-" + q);
                    ms.addAll(ask(model, on, feed.subList(q, q + 1), read, greedy, 1));
                }
                row("question after each update, " + reader, ms);
            }
        }
    }

    private static List<Double> ask(MemoryLLM model, MemoryPool pool, List<NewsFeed.Item> feed, PromoteRead read,
                                    GenerateOptions greedy, int count) {
        List<Double> ms = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            int[] prompt = model.tokenizer().encode(feed.get(q % feed.size()).question().prompt()).ids();
            long t0 = System.nanoTime();
            model.generate(pool, prompt, greedy, read);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    private static void row(String what, List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("| %s | %.1f | %.1f |%n", what, percentile(sorted, 0.5), percentile(sorted, 0.9));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
