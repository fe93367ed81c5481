package engram.engine.io;

import java.util.Locale;

/**
 * Element types of a safetensors file, named exactly as the format's header spells them ("F32", "BF16", ...).
 * Only the types a transformer checkpoint or a memory pool can contain are listed.
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The spelling used in a safetensors header. */
    public String safetensorsName() {
        return name();
    }

    /** Parses a safetensors header dtype; an unknown one is an error that names it. */
    public static DType fromSafetensorsName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("safetensors dtype is missing");
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported safetensors dtype '" + name + "'", e);
        }
    }

    /** True for the floating types {@link TensorData#toFloat32()} can widen to fp32. */
    public boolean isFloatingPoint() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }
}
