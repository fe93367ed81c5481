package engram.train.eval;

import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.chunk.Chunk;
import engram.engine.chunk.Chunker;
import engram.train.corpus.NewsFeed;

import java.util.ArrayList;
import java.util.List;

/**
 * Ingests a news feed into one memory as the service does: each item's text (title, blank line, body) cut by the
 * service's chunker with the service's limits, one self-update per chunk, the item's id as the updates' source.
 */
public final class FeedIngest {

    /** The service's default upper bound on tokens per update (topology's TopologyConfig). */
    static final int SERVICE_MAX_CHUNK_TOKENS = 512;

    private final MemoryLLM model;
    private final Chunker chunker;

    public FeedIngest(MemoryLLM model) {
        this.model = model;
        ModelConfig c = model.config();
        int trained = c.maxChunkTokens() > 0 ? c.maxChunkTokens() : MemoryLLM.MAX_TRAINED_CONTEXT;
        int max = Math.min(SERVICE_MAX_CHUNK_TOKENS, Math.min(trained, c.positionBudget() - 1 - c.numTokens()));
        this.chunker = new Chunker(model.tokenizer()::encode, max, MemoryLLM.MIN_TRAINED_CONTEXT);
    }

    public Chunker chunker() {
        return chunker;
    }

    /** Self-updates {@code pool} with one item; returns the versions its chunks wrote, in order. */
    public long[] ingest(MemoryPool pool, NewsFeed.Item item) {
        List<Chunk> chunks = chunker.chunk(item.text());
        long[] versions = new long[chunks.size()];
        for (int c = 0; c < chunks.size(); c++) {
            versions[c] = model.selfUpdate(pool, chunks.get(c).tokenIds(), item.id()).version();
        }
        return versions;
    }

    /** Self-updates {@code pool} with every item, in order; the versions each item's chunks wrote. */
    public List<long[]> ingestAll(MemoryPool pool, List<NewsFeed.Item> items) {
        List<long[]> out = new ArrayList<>();
        for (NewsFeed.Item item : items) {
            out.add(ingest(pool, item));
        }
        return out;
    }
}
