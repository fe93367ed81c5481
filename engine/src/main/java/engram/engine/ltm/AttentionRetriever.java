package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import engram.engine.ModelConfig;
import engram.engine.model.Backbone;
import engram.engine.model.DecoderLayer;

import java.util.List;

/**
 * Training-free retrieval with the model's own attention (long-term-memory.md §3.4, Memorizing-Transformers style).
 * Per layer l, with the layer's W_q and W_k on input_layernorm'd rows, before RoPE and with the decoder adapter:
 * {@code s_l(t, u) = max_{i<K} max_h q_{l,h,t} · k_{l,h,u,i} / sqrt(hd)} for prompt token t and block u; each
 * token's scores are centred over the blocks (what every block matches equally, such as "Question:", cancels), then
 * averaged over the prompt: {@code S_l(u)}. The block score is {@code Σ_l S_l(u) / std_u(S_l)}.
 */
public final class AttentionRetriever extends ScoredRetriever {

    private static final String KEYS = "attention.keys";

    private final int[] layers;

    /** @param layers the layers whose scores are summed (at least one) */
    public AttentionRetriever(List<Integer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the attention retriever needs at least one layer to score with");
        }
        this.layers = layers.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String name() {
        return BlockRetrievers.ATTENTION;
    }

    @Override
    protected double[] scores(RetrievalQuery query, List<DeltaLog.Entry> entries) {
        Backbone backbone = query.backbone();
        ModelConfig c = backbone.config();
        int[] used = layers;
        String adapter = backbone.adapter(false);
        NDArray first = query.layerInputs()[used[0]];
        NDManager manager = first.getManager();
        int kvWidth = c.numKvHeads() * c.headDim();
        NDArray[] keys = BlockKeys.of(KEYS, query.ltm(), entries, used, kvWidth, manager, first.getDataType(),
                (l, rows) -> backbone.layer(l).keysBeforeRope(rows, adapter).squeeze(0).transpose(1, 0, 2));
        int u = entries.size();
        int k = query.ltm().blockRows();
        double[] total = new double[u];
        for (int l : used) {
            DecoderLayer layer = backbone.layer(l);
            NDArray h = query.layerInputs()[l];
            int t = Math.toIntExact(h.getShape().get(1));
            NDArray q = layer.queriesBeforeRope(h, adapter).toType(DataType.FLOAT32, false)
                    .reshape(c.numKvHeads(), c.groupSize(), t, c.headDim());                 // [Hkv, G, T, hd]
            NDArray kt = keys[l].reshape(u * k, c.numKvHeads(), c.headDim()).transpose(1, 2, 0)
                    .expandDims(1);                                                          // [Hkv, 1, hd, U*K]
            NDArray s = q.matMul(kt).div((float) Math.sqrt(c.headDim()))                     // [Hkv, G, T, U*K]
                    .reshape(c.numHeads(), t, u, k).max(new int[] {3}).max(new int[] {0});   // [T, U]
            NDArray centred = s.sub(s.mean(new int[] {1}, true));
            float[] perBlock = centred.mean(new int[] {0}).toFloatArray();
            double[] z = standardised(toDoubles(perBlock));
            for (int i = 0; i < u; i++) {
                total[i] += z[i];
            }
        }
        return total;
    }

    static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
