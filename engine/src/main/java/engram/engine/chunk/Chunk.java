package engram.engine.chunk;

/**
 * One piece of a text, small enough for one self-update.
 *
 * @param text the exact substring of the source text this chunk covers
 * @param tokenIds the ids of {@code text} encoded on its own: exactly what the self-update applies
 */
public record Chunk(String text, int[] tokenIds) {
}
