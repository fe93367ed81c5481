package engram.topology.engine;

/**
 * One piece of a feed item's text, small enough for one self-update: the exact substring it covers and its token
 * ids, encoded on their own (what the update applies, and what a replay re-applies without re-tokenizing).
 */
public record TextChunk(String text, int[] tokenIds) {

    public TextChunk {
        tokenIds = tokenIds.clone();
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }
}
