package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import engram.engine.model.Backbone;

import java.util.List;
import java.util.stream.IntStream;

/**
 * M+'s learned retriever on blocks (long-term-memory.md §3.4): per layer and block row,
 * {@code w_l(u, i) = mean_t σ(f_q^l(n_l(h_t)) · f_k^l(n_l(Δ_u[l, i])))} (M+'s formula, n_l = input_layernorm, h_t
 * the prompt's layer-l input); {@code S_l(u)} = the mean of the block's top-4 row scores; {@code S(u) = Σ_l S_l(u)}.
 * The projectors come with the checkpoint ({@link RetrieverProjectors}); they are trained in Stage R.
 */
public final class LearnedRetriever extends ScoredRetriever {

    private static final String KEYS = "learned.keys";
    private static final int TOP_ROWS = 4;

    private final RetrieverProjectors projectors;

    public LearnedRetriever(RetrieverProjectors projectors) {
        this.projectors = projectors;
    }

    @Override
    public String name() {
        return BlockRetrievers.LEARNED;
    }

    @Override
    protected double[] scores(RetrievalQuery query, List<DeltaLog.Entry> entries) {
        Backbone backbone = query.backbone();
        int[] layers = IntStream.range(0, backbone.config().numLayers()).toArray();
        NDArray first = query.layerInputs()[0];
        NDManager manager = first.getManager();
        NDArray[] keys = BlockKeys.of(KEYS, query.ltm(), entries, layers, projectors.dim(), manager,
                first.getDataType(), (l, rows) -> projectors.key(l, backbone.layer(l).normalizeInput(rows)).squeeze(0));
        int u = entries.size();
        int k = query.ltm().blockRows();
        int top = Math.min(TOP_ROWS, k);
        double[] total = new double[u];
        for (int l : layers) {
            NDArray h = query.layerInputs()[l];
            NDArray q = projectors.query(l, backbone.layer(l).normalizeInput(h)).squeeze(0)
                    .toType(DataType.FLOAT32, false);                                         // [T, d_r]
            NDArray w = Activation.sigmoid(q.matMul(keys[l].transpose())).mean(new int[] {0}); // [U*K]
            NDArray best = w.reshape(u, k).sort(1).get(":, " + (k - top) + ":");              // top rows, ascending
            float[] perBlock = best.mean(new int[] {1}).toFloatArray();
            for (int i = 0; i < u; i++) {
                total[i] += perBlock[i];
            }
        }
        return total;
    }
}
