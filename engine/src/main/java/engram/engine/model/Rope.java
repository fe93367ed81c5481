package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;

/**
 * Rotary position embedding, half-split ("rotate_half") convention (memoryllm-algorithm §3.2):
 * {@code x' = x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = [-x2, x1]} and cos/sin of length hd built
 * as {@code [angles, angles]}. The three variants differ only in how a position id becomes the scaled position
 * that multiplies {@code inv_freq}; each is written the way the reference rounds it in fp32.
 *
 * <p>The cos/sin table is computed once for every position of the budget (on the Java side, in double precision
 * rounded to fp32 at the same points as the reference) and sliced per forward.
 */
public final class Rope implements AutoCloseable {

    private final int headDim;
    private final int positions;
    private final NDArray cos;
    private final NDArray sin;

    public Rope(ModelConfig config, NDManager manager, DataType dtype, int positions) {
        this.headDim = config.headDim();
        this.positions = positions;
        float[][] table = table(config, positions);
        Shape shape = new Shape(positions, headDim);
        this.cos = manager.create(table[0], shape).toType(dtype, false);
        this.sin = manager.create(table[1], shape).toType(dtype, false);
    }

    /** {@code inv_freq[i] = 1 / base^(2i / hd)}, i = 0 .. hd/2 - 1, each step rounded to fp32 as in the reference. */
    static float[] inverseFrequencies(double base, int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            float power = (float) Math.pow(base, exponent);
            inv[i] = 1.0f / power;
        }
        return inv;
    }

    /**
     * The base of inv_freq. The memoryllm-7b branch builds its interpolated RoPE without passing rope_theta, so it
     * always uses the class default 10000 ([7b] modeling_memoryllm.py:96, 311-314); the main branch uses rope_theta.
     */
    static double base(ModelConfig config) {
        return config.officialBranch() == ModelConfig.OfficialBranch.MEMORYLLM_7B ? 10000.0 : config.ropeTheta();
    }

    /**
     * The scaled position that multiplies inv_freq, for one integer position id. The interpolated variant scales by
     * max_position_embeddings / max(max_position_embeddings, (NB + 1) * K), which is the position budget's range.
     */
    static float scaledPosition(ModelConfig config, int position) {
        return switch (config.rope()) {
            case PLAIN -> (float) position;
            case LINEAR -> (float) position / (float) config.ropeFactor();
            case INTERPOLATED -> (float) position
                    * (float) ((double) config.maxPositionEmbeddings() / config.positionBudget());
        };
    }

    /** {cos, sin}, each [positions * hd] row-major. */
    static float[][] table(ModelConfig config, int positions) {
        int hd = config.headDim();
        int half = hd / 2;
        float[] inv = inverseFrequencies(base(config), hd);
        float[] cos = new float[positions * hd];
        float[] sin = new float[positions * hd];
        for (int p = 0; p < positions; p++) {
            float t = scaledPosition(config, p);
            for (int i = 0; i < half; i++) {
                float angle = t * inv[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * hd + i] = c;
                cos[p * hd + half + i] = c;
                sin[p * hd + i] = s;
                sin[p * hd + half + i] = s;
            }
        }
        return new float[][] {cos, sin};
    }

    public int positions() {
        return positions;
    }

    /**
     * Rotates {@code x [..., S, hd]} whose rows sit at positions {@code first .. first+S-1}.
     */
    public NDArray apply(NDArray x, int first) {
        long s = x.getShape().get(x.getShape().dimension() - 2);
        if (first < 0 || first + s > positions) {
            throw new IllegalArgumentException("positions " + first + ".." + (first + s - 1)
                    + " exceed the RoPE table of " + positions + " positions");
        }
        NDIndex rows = new NDIndex("{}:{}", first, first + s);
        return rotate(x, cos.get(rows), sin.get(rows));
    }

    /** x·cos + rotate_half(x)·sin, cos/sin broadcast over the leading axes. */
    private NDArray rotate(NDArray x, NDArray c, NDArray sn) {
        int half = headDim / 2;
        NDArray x1 = x.get("..., :" + half);
        NDArray x2 = x.get("..., " + half + ":");
        NDArray rotated = x2.neg().concat(x1, -1);
        return x.mul(c).add(rotated.mul(sn));
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
    }
}
