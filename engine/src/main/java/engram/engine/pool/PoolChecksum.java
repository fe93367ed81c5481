package engram.engine.pool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a memory pool's contents: {@code "sha256:" + hex} of the pool's exact little-endian fp32 bytes,
 * [L, N, d] in row-major order. Defined over bytes, not over a framework's tensor, so it is the same on every run,
 * machine and JVM, and an auditor can recompute it from a snapshot file with any SHA-256 tool.
 */
public final class PoolChecksum {

    private static final String PREFIX = "sha256:";
    private static final int CHUNK_FLOATS = 16 * 1024;

    private PoolChecksum() {
    }

    /**
     * Checksum of the remaining bytes of {@code littleEndianFloat32Bytes} (the buffer's byte order flag is
     * irrelevant: the bytes themselves must already be little-endian fp32). The buffer's position is not changed.
     */
    public static String of(ByteBuffer littleEndianFloat32Bytes) {
        if (littleEndianFloat32Bytes.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException("pool bytes must be whole fp32 values, got "
                    + littleEndianFloat32Bytes.remaining() + " bytes");
        }
        MessageDigest digest = sha256();
        digest.update(littleEndianFloat32Bytes.duplicate());
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    /** Checksum of fp32 values in row-major order; equals {@link #of(ByteBuffer)} of their little-endian bytes. */
    public static String of(float[] values) {
        MessageDigest digest = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, count);
            digest.update(chunk.array(), 0, count * Float.BYTES);
        }
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
