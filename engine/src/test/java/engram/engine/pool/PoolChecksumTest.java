package engram.engine.pool;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolChecksumTest {

    private static float[] pool(int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) Math.sin(i) * 3;
        }
        return values;
    }

    private static ByteBuffer littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    @Test
    void emptyPoolIsTheSha256OfNothing() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                PoolChecksum.of(new float[0]));
    }

    @Test
    void oneFloatIsTheSha256OfItsLittleEndianBytes() {
        // 1.0f = 0x3F800000 -> bytes 00 00 80 3F; sha256 of those four bytes
        assertEquals(PoolChecksum.of(ByteBuffer.wrap(new byte[] {0, 0, (byte) 0x80, 0x3F})),
                PoolChecksum.of(new float[] {1.0f}));
        assertNotEquals(PoolChecksum.of(ByteBuffer.wrap(new byte[] {0x3F, (byte) 0x80, 0, 0})),
                PoolChecksum.of(new float[] {1.0f}), "big-endian bytes must not match");
    }

    @Test
    void floatAndByteFormsAgreeAcrossChunkBoundariesAndAreStable() {
        float[] values = pool(40_000); // spans several internal chunks
        String fromFloats = PoolChecksum.of(values);
        ByteBuffer bytes = littleEndian(values);
        assertEquals(fromFloats, PoolChecksum.of(bytes));
        assertEquals(0, bytes.position(), "buffer position untouched");
        assertEquals(fromFloats, PoolChecksum.of(pool(40_000)), "stable on recomputation");
        assertTrue(fromFloats.matches("sha256:[0-9a-f]{64}"), fromFloats);
    }

    @Test
    void oneFlippedBitChangesTheChecksum() {
        float[] values = pool(1000);
        String before = PoolChecksum.of(values);
        values[517] = Float.intBitsToFloat(Float.floatToRawIntBits(values[517]) ^ 1);
        assertNotEquals(before, PoolChecksum.of(values));
    }

    @Test
    void partialFloatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PoolChecksum.of(ByteBuffer.allocate(6)));
    }
}
