package engram.engine.ltm;

/**
 * Ranks the blocks of a long-term memory for a question (long-term-memory.md §3.4): which updates' blocks a promote
 * read should bring back to the newest end of the memory prefix.
 */
public interface BlockRetriever {

    /** The name a config, an answer and a report use: oracle, attention, lexical, learned. */
    String name();

    /**
     * Versions of blocks in the log, best first. May name fewer than the log holds (the oracle names only the blocks
     * it was told); must name only versions the log holds.
     */
    long[] rank(RetrievalQuery query);
}
