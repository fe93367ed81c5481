package engram.engine.io;

/**
 * Pure-Java widening of the two 16-bit float formats to fp32. Java 17 has no Float.float16ToFloat, and DJL's
 * bf16 path aborts the JVM on CPU (stack-notes §2), so checkpoints stored in bf16/fp16 are widened here.
 */
final class HalfFloats {

    private HalfFloats() {
    }

    /** bfloat16 is the upper half of an fp32: widening is a shift, exact for every value including NaN/inf. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. Every half is exact in fp32. */
    static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            // zero or subnormal: value = mantissa * 2^-24, exact in fp32
            float magnitude = Math.scalb((float) mantissa, -24);
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            // infinity (mantissa 0) or NaN (payload kept)
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
