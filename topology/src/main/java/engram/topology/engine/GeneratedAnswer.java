package engram.topology.engine;

/**
 * An answer generated from a pool.
 *
 * @param text the generated text, special tokens removed
 * @param version the pool version the answer was computed on
 * @param tokensGenerated how many new tokens were generated
 */
public record GeneratedAnswer(String text, long version, int tokensGenerated) {
}
