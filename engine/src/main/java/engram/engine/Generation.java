package engram.engine;

/**
 * The tokens a generation produced (without the stop token) and why it ended.
 *
 * @param poolVersion  the memory version it read
 * @param ltmVersions  the long-term memory's blocks a promote read moved to the newest end of the prefix (the
 *                     versions that wrote them, rank 1 last); empty for a plain read
 * @param ltmRetriever the retriever that chose them; null for a plain read
 */
public record Generation(int[] tokens, StopReason stopReason, long poolVersion, long prefillMicros,
                         long decodeMicros, long[] ltmVersions, String ltmRetriever) {

    public enum StopReason { STOP_TOKEN, MAX_NEW_TOKENS, POSITION_BUDGET }

    public Generation {
        tokens = tokens.clone();
        ltmVersions = ltmVersions.clone();
    }

    /** A plain read's generation. */
    public Generation(int[] tokens, StopReason stopReason, long poolVersion, long prefillMicros, long decodeMicros) {
        this(tokens, stopReason, poolVersion, prefillMicros, decodeMicros, new long[0], null);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public long[] ltmVersions() {
        return ltmVersions.clone();
    }
}
