package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import engram.engine.ModelConfig;

/**
 * One Llama decoder layer with MemoryLLM's memory prefix (memoryllm-algorithm §3.3).
 *
 * <p>The layer sees two kinds of key/value rows: a <em>prefix</em> (b_l and memory rows) that every query may read,
 * and <em>causal</em> rows (the queries themselves, after any rows cached by earlier decode steps) where query i
 * reads row j iff j &le; cached + i. Prefix rows get no query, no residual and no MLP: the output has one row per
 * query. Keeping the two kinds apart means the memory's keys/values can be computed once per pool version and never
 * copied into a concatenated cache.
 */
public final class DecoderLayer {

    /** The key axis of scores [B, Hkv, G, Q, S] (DJL's split wants it non-negative). */
    private static final int SCORE_AXIS = 4;

    private final ModelConfig config;
    private final float eps;
    private final NDArray inputNorm;
    private final NDArray postAttentionNorm;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final Linear gate;
    private final Linear up;
    private final Linear down;
    private final ScoreAccumulation accumulation;

    public DecoderLayer(ModelConfig config, NDArray inputNorm, NDArray postAttentionNorm, Linear q, Linear k,
                        Linear v, Linear o, Linear gate, Linear up, Linear down) {
        this.config = config;
        this.eps = (float) config.rmsNormEps();
        this.inputNorm = inputNorm;
        this.postAttentionNorm = postAttentionNorm;
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
        this.gate = gate;
        this.up = up;
        this.down = down;
        this.accumulation = ScoreAccumulation.of(config);
    }

    /**
     * Keys/values of prefix rows {@code [B, P, d]} = {@code [b_l ; memory]}, at positions 0..P-1 (the paper: memory
     * row i at i+1, the queries from P on), visible to all queries.
     */
    public KeyValues prefixKeyValues(NDArray rows, Rope rope, String adapter) {
        NDArray normed = RmsNorm.apply(rows, inputNorm, eps);
        return keyValues(normed, 0, rope, adapter);
    }

    /**
     * Runs the layer for query rows {@code x [B, Q, d]} at positions {@code first .. first+Q-1}.
     *
     * @param prefix      rows every query sees (may be null: no prefix)
     * @param cached      causal rows before x, from earlier calls (may be null); x's own rows are appended to it
     *                    and the extended cache is returned in {@code cacheOut[0]} when cacheOut is not null
     * @param causalMask  additive mask [Q, cached + Q] (0 or -inf), or null when Q == 1
     * @return the layer output [B, Q, d]
     */
    public NDArray forward(NDArray x, int first, KeyValues prefix, KeyValues cached, NDArray causalMask,
                           Rope rope, String adapter, KeyValues[] cacheOut) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long queries = shape.get(1);
        int kvHeads = config.numKvHeads();
        int group = config.groupSize();
        int hd = config.headDim();

        NDArray normed = RmsNorm.apply(x, inputNorm, eps);
        // [B, Q, H*hd] -> [B, Hkv, G, Q, hd]: query head h reads kv head h / G (repeat_kv, §3.3 step 4)
        NDArray queriesByGroup = q.apply(normed, adapter).reshape(batch, queries, kvHeads, group, hd)
                .transpose(0, 2, 3, 1, 4);
        queriesByGroup = rope.apply(queriesByGroup, first);
        KeyValues own = keyValues(normed, first, rope, adapter);
        KeyValues causal = cached == null ? own : cached.append(own);
        if (cacheOut != null) {
            cacheOut[0] = causal;
        }

        float scale = (float) (1.0 / Math.sqrt(hd));
        NDArray attended = attend(queriesByGroup, prefix, causal, causalMask, scale, accumulation);
        // [B, Hkv, G, Q, hd] -> [B, Q, H*hd]
        NDArray heads = attended.transpose(0, 3, 1, 2, 4).reshape(batch, queries, (long) kvHeads * group * hd);
        NDArray h = x.add(o.apply(heads, adapter));
        NDArray hn = RmsNorm.apply(h, postAttentionNorm, eps);
        NDArray mlp = down.apply(Activation.swish(gate.apply(hn, adapter), 1f).mul(up.apply(hn, adapter)), adapter);
        return h.add(mlp);
    }

    /**
     * softmax(q·kᵀ·scale + mask)·v over the prefix rows and the causal rows together, for queries
     * {@code [B, Hkv, G, Q, hd]}; returns {@code [B, Hkv, G, Q, hd]} in the queries' dtype. Scores and p·v are computed
     * in {@code accumulation}'s type, the softmax always in fp32.
     *
     * @param prefix     rows every query sees (may be null)
     * @param causalMask additive mask [Q, causal rows], or null
     */
    static NDArray attend(NDArray queriesByGroup, KeyValues prefix, KeyValues causal, NDArray causalMask, float scale,
                          ScoreAccumulation accumulation) {
        DataType dtype = queriesByGroup.getDataType();
        DataType type = accumulation.scoreType(dtype);
        NDArray queries = queriesByGroup.toType(type, false);
        NDArray causalScores = scores(queries, causal.keys().toType(type, false)).mul(scale);
        if (causalMask != null) {
            causalScores = causalScores.add(causalMask.toType(type, false));
        }
        NDArray attended;
        if (prefix == null) {
            NDArray p = causalScores.toType(DataType.FLOAT32, false).softmax(SCORE_AXIS).toType(type, false);
            attended = p.matMul(causal.values().toType(type, false).expandDims(2));
        } else {
            NDArray prefixScores = scores(queries, prefix.keys().toType(type, false)).mul(scale);
            long prefixRows = prefix.rows();
            NDArray p = prefixScores.concat(causalScores, SCORE_AXIS)
                    .toType(DataType.FLOAT32, false).softmax(SCORE_AXIS).toType(type, false);
            NDList parts = p.split(new long[] {prefixRows}, SCORE_AXIS);
            attended = parts.get(0).matMul(prefix.values().toType(type, false).expandDims(2))
                    .add(parts.get(1).matMul(causal.values().toType(type, false).expandDims(2)));
        }
        return attended.toType(dtype, false);
    }

    /** [B, Hkv, G, Q, hd] x [B, Hkv, S, hd] -> [B, Hkv, G, Q, S]. */
    private static NDArray scores(NDArray queriesByGroup, NDArray keys) {
        return queriesByGroup.matMul(keys.expandDims(2).swapAxes(-1, -2));
    }

    private KeyValues keyValues(NDArray normed, int first, Rope rope, String adapter) {
        NDArray[] kv = projectKeyValues(normed, adapter);
        return new KeyValues(rope.apply(kv[0], first), kv[1]);
    }

    /** input_layernorm of rows {@code x [..., d]}: what the layer's projections read. */
    public NDArray normalizeInput(NDArray x) {
        return RmsNorm.apply(x, inputNorm, eps);
    }

    /**
     * Queries {@code [B, H, T, hd]} of rows {@code x [B, T, d]} before RoPE, i.e. independent of position: how the
     * layer would look for content (the attention block retriever, long-term-memory.md §3.4).
     */
    public NDArray queriesBeforeRope(NDArray x, String adapter) {
        Shape shape = x.getShape();
        return q.apply(normalizeInput(x), adapter)
                .reshape(shape.get(0), shape.get(1), config.numHeads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    /** Keys {@code [B, Hkv, S, hd]} of rows {@code [B, S, d]} before RoPE: what a prefix row offers to be found by. */
    public NDArray keysBeforeRope(NDArray rows, String adapter) {
        Shape shape = rows.getShape();
        return k.apply(normalizeInput(rows), adapter)
                .reshape(shape.get(0), shape.get(1), config.numKvHeads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    /** {keys, values} [B, Hkv, S, hd] of normed rows, before RoPE. */
    private NDArray[] projectKeyValues(NDArray normed, String adapter) {
        Shape shape = normed.getShape();
        long batch = shape.get(0);
        long rows = shape.get(1);
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();
        NDArray keys = k.apply(normed, adapter).reshape(batch, rows, kvHeads, hd).transpose(0, 2, 1, 3);
        NDArray values = v.apply(normed, adapter).reshape(batch, rows, kvHeads, hd).transpose(0, 2, 1, 3);
        return new NDArray[] {keys, values};
    }
}
