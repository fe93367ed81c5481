package engram.train.eval;

import com.google.gson.JsonParser;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.chunk.Chunk;
import engram.engine.ltm.DeltaLog;
import engram.engine.ltm.LtmChecksum;
import engram.train.corpus.NewsFeed;
import engram.train.corpus.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feed recall on the bundled model with a short feed: the harness, not the numbers (those are in lab/NOTES.md). */
class FeedRecallEvalTest {

    static MemoryLLM model;

    @BeforeAll
    static void load() throws IOException {
        model = MemoryLLM.load(BundledModelGateTest.MODEL, EngineOptions.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void itemsAreIngestedChunkByChunkAsTheServiceCutsThem() {
        FeedIngest ingest = new FeedIngest(model);
        List<NewsFeed.Item> items = NewsFeed.generate(9, Split.HELDOUT_NAMES, 6);
        try (MemoryPool pool = model.newPool(1, 64)) {
            List<long[]> versions = ingest.ingestAll(pool, items);
            long next = 1;
            for (int i = 0; i < items.size(); i++) {
                List<Chunk> chunks = ingest.chunker().chunk(items.get(i).text());
                assertEquals(items.get(i).text(), String.join("", chunks.stream().map(Chunk::text).toList()));
                assertEquals(chunks.size(), versions.get(i).length);
                for (int c = 0; c < chunks.size(); c++) {
                    assertEquals(next++, versions.get(i)[c], "one update per chunk, in order");
                    DeltaLog.Entry entry = pool.ltm().log().get(versions.get(i)[c]);
                    assertArrayEquals(chunks.get(c).tokenIds(), entry.tokens());
                    assertEquals(LtmChecksum.sourceKey(items.get(i).id()), entry.source());
                    assertTrue(chunks.get(c).tokenIds().length <= model.config().maxChunkTokens());
                }
            }
            assertTrue(next - 1 > items.size(), "news items take more than one chunk at 24 tokens");
        }
    }

    @Test
    void theOracleRecallsMoreOfAFeedThanTheShortTermMemoryAndTheReportIsWritten(@TempDir Path out)
            throws IOException {
        FeedRecallEval.Options options = new FeedRecallEval.Options(List.of(12), List.of(1L), Split.HELDOUT_NAMES,
                64, List.of(FeedRecallEval.STM, "oracle", "lexical"), null, null, 10);
        FeedRecallEval.Report report = new FeedRecallEval(model, new PrintStream(new ByteArrayOutputStream()))
                .run(options);
        FeedRecallEval.ReaderResult stm = report.results().get(12).get(FeedRecallEval.STM);
        FeedRecallEval.ReaderResult oracle = report.results().get(12).get("oracle");
        assertTrue(oracle.recall() > stm.recall() + 0.3, "oracle " + oracle.recall() + " vs stm " + stm.recall());
        assertEquals(2, oracle.newestAsked(), "the newest item asked after items 10 and 11");
        assertEquals(1, oracle.changedAsked(), "12 / 10 = 1 changed fact");
        assertEquals(10, oracle.recallByAgeDecile().length);
        assertTrue(java.util.Arrays.stream(oracle.recallByAgeDecile()).allMatch(r -> r >= 0 && r <= 1));

        FeedRecallReport.write(report, out);
        assertEquals(report.results().get(12).get("lexical").recall(), JsonParser.parseString(
                Files.readString(out.resolve("feed-recall.json"))).getAsJsonObject().getAsJsonObject("results")
                .getAsJsonObject("12").getAsJsonObject("lexical").get("recall").getAsDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("feed-recall.md")).contains("| 12 | oracle |"));
        assertTrue(Files.size(out.resolve("feed-recall-M12.png")) > 1000);
    }
}
