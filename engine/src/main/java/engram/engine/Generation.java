package engram.engine;

/**
 * The tokens a generation produced (without the stop token) and why it ended.
 *
 * @param poolVersion the memory version it read
 */
public record Generation(int[] tokens, StopReason stopReason, long poolVersion, long prefillMicros,
                         long decodeMicros) {

    public enum StopReason { STOP_TOKEN, MAX_NEW_TOKENS, POSITION_BUDGET }

    public Generation {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
