package engram.topology.engine;

/**
 * What one self-update did to a pool.
 *
 * @param version the pool's version after the update (1 for the first)
 * @param dropSeed the seed from which the dropped memory indices of this version were derived
 * @param poolChecksum checksum of the exact pool bytes after the update
 * @param durationMicros wall time of the self-update
 */
public record AppliedUpdate(long version, long dropSeed, String poolChecksum, long durationMicros) {
}
