package engram.engine;

import engram.engine.ltm.LtmChecksum;

/**
 * What one self-update produced: the pool's new version, how many tokens went in, the pool's drop seed and the
 * checksum of the resulting pool.
 *
 * @param ltmChecksum the long-term memory's checksum at this version, or null when the pool has none
 */
public record Version(long version, int tokens, long seed, String checksum, long durationMicros, String ltmChecksum) {

    /** A version of a pool without long-term memory. */
    public Version(long version, int tokens, long seed, String checksum, long durationMicros) {
        this(version, tokens, seed, checksum, durationMicros, null);
    }

    /** SHA-256("engram-state-v2" ‖ pool ‖ ltm), or null without a long-term memory. */
    public String stateChecksum() {
        return ltmChecksum == null ? null : LtmChecksum.state(checksum, ltmChecksum);
    }
}
