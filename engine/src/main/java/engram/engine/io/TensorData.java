package engram.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as raw little-endian bytes, exactly as safetensors stores it. The constructor checks that the
 * byte count matches dtype × shape, so a TensorData is always internally consistent. {@code data} is a private
 * little-endian view (position 0, limit = byte count); the caller's buffer position is not touched.
 */
public record TensorData(String name, DType dtype, long[] shape, ByteBuffer data) {

    public TensorData {
        Objects.requireNonNull(name, "tensor name");
        Objects.requireNonNull(dtype, () -> "dtype of tensor '" + name + "'");
        Objects.requireNonNull(shape, () -> "shape of tensor '" + name + "'");
        Objects.requireNonNull(data, () -> "data of tensor '" + name + "'");
        shape = shape.clone();
        long expected = Math.multiplyExact(elementCount(name, shape), (long) dtype.byteSize());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' " + dtype + Arrays.toString(shape) + " needs "
                    + expected + " bytes but its buffer holds " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An fp32 tensor from Java floats (copied). */
    public static TensorData ofFloat32(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new TensorData(name, DType.F32, shape, bytes);
    }

    /** An int64 tensor from Java longs (copied). */
    public static TensorData ofInt64(String name, long[] shape, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return new TensorData(name, DType.I64, shape, bytes);
    }

    /** The shape (a copy: records expose arrays by reference otherwise). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A fresh little-endian view of the bytes, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements (product of the shape; 1 for a scalar). */
    public long elementCount() {
        return elementCount(name, shape);
    }

    /** Size of the raw data in bytes. */
    public long byteCount() {
        return data.remaining();
    }

    /**
     * Widens F32, F16 or BF16 (and narrows F64) to a new fp32 array, in pure Java.
     *
     * @throws UnsupportedOperationException for integer or boolean tensors, naming the tensor
     */
    public float[] toFloat32() {
        int count = arrayLength();
        float[] out = new float[count];
        ByteBuffer in = data();
        switch (dtype) {
            case F32 -> in.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.f16ToFloat(in.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.bf16ToFloat(in.getShort(i * 2));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) in.getDouble(i * 8);
                }
            }
            default -> throw new UnsupportedOperationException(
                    "tensor '" + name + "' has dtype " + dtype + "; toFloat32 handles F32, F16, BF16 and F64 only");
        }
        return out;
    }

    /**
     * Widens any integer or boolean tensor to a new int64 array (U8 and BOOL unsigned).
     *
     * @throws UnsupportedOperationException for floating tensors, naming the tensor
     */
    public long[] toInt64() {
        int count = arrayLength();
        long[] out = new long[count];
        ByteBuffer in = data();
        switch (dtype) {
            case I64 -> in.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.getInt(i * 4);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.getShort(i * 2);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.get(i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.get(i) & 0xff;
                }
            }
            default -> throw new UnsupportedOperationException(
                    "tensor '" + name + "' has dtype " + dtype + "; toInt64 handles integer and BOOL tensors only");
        }
        return out;
    }

    /** Equal when name, dtype, shape and bytes are equal (records would otherwise compare the shape by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TensorData that && name.equals(that.name) && dtype == that.dtype
                && Arrays.equals(shape, that.shape) && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "TensorData[" + name + " " + dtype + Arrays.toString(shape) + "]";
    }

    private int arrayLength() {
        long count = elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("tensor '" + name + "' has " + count
                    + " elements, more than a Java array can hold");
        }
        return (int) count;
    }

    private static long elementCount(String name, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in shape "
                        + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }
}
