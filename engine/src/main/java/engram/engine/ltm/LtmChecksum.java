package engram.engine.ltm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksums that name a long-term memory (long-term-memory.md §5), defined over bytes like
 * {@link engram.engine.pool.PoolChecksum}, all integers int64 little-endian:
 * <ul>
 *   <li>{@code digest_u = SHA-256(Δ_u as little-endian fp32 [L, K, d])}, once per update;</li>
 *   <li>{@code ltmChecksum(v) = SHA-256("engram-ltm-v1" ‖ W ‖ v ‖ origin [L, N] ‖ for each log entry u, oldest
 *       first: u ‖ digest_u ‖ source_u)};</li>
 *   <li>{@code stateChecksum = SHA-256("engram-state-v2" ‖ pool digest ‖ ltm digest)}, the two 32-byte digests
 *       themselves (not their hex text).</li>
 * </ul>
 * Each is written {@code "sha256:" + hex}.
 */
public final class LtmChecksum {

    private static final String PREFIX = "sha256:";
    private static final byte[] LTM_TAG = "engram-ltm-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATE_TAG = "engram-state-v2".getBytes(StandardCharsets.US_ASCII);

    private LtmChecksum() {
    }

    /** digest_u of a block's fp32 values. */
    public static byte[] digest(float[] delta) {
        ByteBuffer bytes = ByteBuffer.allocate(delta.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(delta);
        return sha256().digest(bytes.array());
    }

    /** source_u: the first 8 bytes (big-endian) of SHA-256 of the source id's UTF-8 bytes; 0 for none. */
    public static long sourceKey(String sourceId) {
        if (sourceId == null || sourceId.isEmpty()) {
            return 0;
        }
        return ByteBuffer.wrap(sha256().digest(sourceId.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    public static String ltm(int window, long version, long[][] origins, List<DeltaLog.Entry> entries) {
        MessageDigest sha = sha256();
        sha.update(LTM_TAG);
        ByteBuffer head = le(16).putLong(window).putLong(version);
        sha.update(head.array());
        for (long[] layer : origins) {
            ByteBuffer row = le(layer.length * Long.BYTES);
            row.asLongBuffer().put(layer);
            sha.update(row.array());
        }
        for (DeltaLog.Entry e : entries) {
            sha.update(le(8).putLong(e.version()).array());
            sha.update(e.digest());
            sha.update(le(8).putLong(e.source()).array());
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    public static String state(String poolChecksum, String ltmChecksum) {
        MessageDigest sha = sha256();
        sha.update(STATE_TAG);
        sha.update(raw(poolChecksum));
        sha.update(raw(ltmChecksum));
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] raw(String checksum) {
        if (checksum == null || !checksum.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sha256: checksum: " + checksum);
        }
        return HexFormat.of().parseHex(checksum.substring(PREFIX.length()));
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
