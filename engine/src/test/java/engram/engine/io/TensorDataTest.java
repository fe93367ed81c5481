package engram.engine.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorDataTest {

    private static TensorData halves(DType dtype, int... bits) {
        ByteBuffer bytes = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            bytes.putShort((short) b);
        }
        return new TensorData("t", dtype, new long[] {bits.length}, bytes.flip());
    }

    @Test
    void f16ToFloat32MatchesHandComputedValues() {
        float[] values = halves(DType.F16,
                0x3C00, // 1.0
                0xC000, // -2.0
                0x3555, // 0x155/1024 * 2^-2 + 2^-2 = 0.333251953125
                0x7BFF, // largest normal: (2 - 2^-10) * 2^15 = 65504
                0x0400, // smallest normal 2^-14
                0x0001, // smallest subnormal 2^-24
                0x03FF, // largest subnormal 1023 * 2^-24
                0x8000, // -0.0
                0x7C00, // +inf
                0xFC00  // -inf
        ).toFloat32();
        assertArrayEquals(new float[] {1.0f, -2.0f, 0.333251953125f, 65504f, 0x1p-14f, 0x1p-24f, 1023 * 0x1p-24f,
                -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, values);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(values[7]), "sign of zero kept");
        assertTrue(Float.isNaN(halves(DType.F16, 0x7E00).toFloat32()[0]));
    }

    @Test
    void bf16ToFloat32IsTheUpperHalfOfAnFp32() {
        float[] values = halves(DType.BF16,
                0x3F80, // 1.0
                0xC040, // -3.0
                0x4049, // 3.140625 (pi truncated to 8 mantissa bits)
                0x3E80, // 0.25
                0x0001, // fp32 subnormal 2^-133
                0x7F80  // +inf
        ).toFloat32();
        assertArrayEquals(new float[] {1.0f, -3.0f, 3.140625f, 0.25f, 0x1p-133f, Float.POSITIVE_INFINITY}, values);
        assertTrue(Float.isNaN(halves(DType.BF16, 0x7FC0).toFloat32()[0]));
    }

    @Test
    void f32AndInt64FactoriesRoundTrip() {
        TensorData floats = TensorData.ofFloat32("f", new long[] {2, 2}, new float[] {1.5f, -2f, 0f, 3.25f});
        assertArrayEquals(new float[] {1.5f, -2f, 0f, 3.25f}, floats.toFloat32());
        assertEquals(4, floats.elementCount());
        assertEquals(16, floats.byteCount());
        assertEquals(0x3FC00000, floats.data().getInt(0), "stored little-endian");

        TensorData longs = TensorData.ofInt64("l", new long[] {3}, new long[] {-1, 0, Long.MAX_VALUE});
        assertArrayEquals(new long[] {-1, 0, Long.MAX_VALUE}, longs.toInt64());
    }

    @Test
    void byteCountMustMatchShapeAndDtype() {
        ByteBuffer sixBytes = ByteBuffer.allocate(6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorData("w", DType.F32, new long[] {2}, sixBytes));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("8 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TensorData("w", DType.F32, new long[] {-1}, ByteBuffer.allocate(0)));
    }

    @Test
    void integerTensorRefusesFloatConversionByName() {
        TensorData ids = TensorData.ofInt64("ids", new long[] {1}, new long[] {7});
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, ids::toFloat32);
        assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("I64"), e.getMessage());
    }

    @Test
    void equalityIsByContent() {
        TensorData a = TensorData.ofFloat32("x", new long[] {2}, new float[] {1, 2});
        assertEquals(a, TensorData.ofFloat32("x", new long[] {2}, new float[] {1, 2}));
        assertEquals(a.hashCode(), TensorData.ofFloat32("x", new long[] {2}, new float[] {1, 2}).hashCode());
        assertNotEquals(a, TensorData.ofFloat32("x", new long[] {2}, new float[] {1, 3}));
        assertNotEquals(a, TensorData.ofFloat32("x", new long[] {1, 2}, new float[] {1, 2}));
        assertNotEquals(a, TensorData.ofFloat32("y", new long[] {2}, new float[] {1, 2}));
    }

    @Test
    void shapeIsDefensivelyCopied() {
        long[] shape = {4};
        TensorData t = TensorData.ofFloat32("x", shape, new float[4]);
        shape[0] = 99;
        t.shape()[0] = 99;
        assertArrayEquals(new long[] {4}, t.shape());
    }
}
