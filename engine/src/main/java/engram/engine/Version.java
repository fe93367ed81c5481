package engram.engine;

/**
 * What one self-update produced: the pool's new version, how many tokens went in, the pool's drop seed and the
 * checksum of the resulting pool.
 */
public record Version(long version, int tokens, long seed, String checksum, long durationMicros) {
}
