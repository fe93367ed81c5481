package engram.train.eval;

import com.google.gson.GsonBuilder;
import engram.engine.ltm.BlockRetrievers;
import engram.train.LossCurvePlot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a {@link FeedRecallEval.Report}: feed-recall.json, feed-recall.md and feed-recall-M{m}.png per feed size. */
public final class FeedRecallReport {

    private static final Color[] COLORS = {Color.GRAY, new Color(0, 130, 0), new Color(0, 90, 200),
        new Color(200, 90, 0), new Color(150, 0, 150)};

    private FeedRecallReport() {
    }

    public static void write(FeedRecallEval.Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("feed-recall.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().create().toJson(report) + "\n");
        Files.writeString(dir.resolve("feed-recall.md"), markdown(report));
        for (Map.Entry<Integer, Map<String, FeedRecallEval.ReaderResult>> size : report.results().entrySet()) {
            int m = size.getKey();
            List<LossCurvePlot.Series> series = new ArrayList<>();
            double[] x = new double[FeedRecallEval.DECILES];
            for (int d = 0; d < x.length; d++) {
                x[d] = (d + 0.5) * m / FeedRecallEval.DECILES; // the decile's middle age, in items
            }
            int i = 0;
            for (Map.Entry<String, FeedRecallEval.ReaderResult> r : size.getValue().entrySet()) {
                // the oracle's line is dashed: a ceiling, not a retriever
                series.add(new LossCurvePlot.Series(r.getKey(), x, r.getValue().recallByAgeDecile(),
                        COLORS[i++ % COLORS.length], r.getKey().equals(BlockRetrievers.ORACLE)));
            }
            LossCurvePlot.writeChart(dir.resolve("feed-recall-M" + m + ".png"), "feed recall, M = " + m + " items ("
                    + report.modelId() + ", W = " + report.window() + ")", "age (items since ingested)", series);
        }
    }

    public static String markdown(FeedRecallEval.Report report) {
        StringBuilder md = new StringBuilder(String.format("%s, %s, W = %d, R = %d, β = %.2f, seeds %s%n%n",
                report.modelId(), report.split(), report.window(), report.promoteRows(), report.recencyPrior(),
                report.seeds()));
        md.append("| M | reader | recall | per seed | newest item (t = 1) | changed fact: later / stale "
                + "| recall by age decile (newest tenth first) |\n|---|---|---|---|---|---|---|\n");
        report.results().forEach((m, byReader) -> byReader.forEach((reader, r) -> {
            StringBuilder deciles = new StringBuilder();
            for (double v : r.recallByAgeDecile()) {
                deciles.append(deciles.length() == 0 ? "" : " ").append(String.format("%.2f", v));
            }
            StringBuilder seeds = new StringBuilder();
            r.recallPerSeed().forEach(v -> seeds.append(seeds.length() == 0 ? "" : " ")
                    .append(String.format("%.3f", v)));
            md.append(String.format("| %d | %s | %.3f | %s | %.3f (%d) | %.2f / %.2f (%d) | %s |%n", m, reader,
                    r.recall(), seeds, r.newestAccuracy(), r.newestAsked(), r.changedLater(), r.changedStale(),
                    r.changedAsked(), deciles));
        }));
        return md.toString();
    }
}
