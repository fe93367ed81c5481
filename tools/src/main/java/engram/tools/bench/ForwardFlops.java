package engram.tools.bench;

import engram.engine.ModelConfig;

/**
 * Floating-point operations of the engine's forward passes, counted analytically (a multiply-add is 2 FLOPs), so a
 * measured time can be stated as achieved FLOP/s. Counts what the engine computes: attention is dense (masked
 * scores are computed too), and element-wise work (norms, RoPE, softmax, SiLU) is left out as it is small next to
 * the matrix products.
 *
 * <p>Per layer, with Q query rows, S key rows of which all S are projected to keys/values here:
 * q and o projections {@code 2·Q·d·(H·hd)} each, k and v {@code 2·S·d·(Hkv·hd)} each, SwiGLU MLP
 * {@code 2·3·Q·d·F}, attention scores and weighted values {@code 2·2·Q·S·H·hd}, plus the active LoRA adapter's
 * {@code 2·rows·r·(in+out)} on each adapted projection.
 */
public final class ForwardFlops {

    private ForwardFlops() {
    }

    /**
     * One self-update of {@code tokens} tokens into an initialised pool (memoryllm-algorithm §4.1): per layer the
     * rows are [b_l ; last K memory rows ; tokens], the prefix is b_l and the first min(K, T) memory rows, queries
     * are the remaining max(T, K) rows. The lm head is skipped by self-update, so it is not counted.
     */
    public static double selfUpdate(ModelConfig c, int tokens) {
        int k = c.numTokens();
        int prefix = (c.addBosEmbedding() ? 1 : 0) + Math.min(k, tokens);
        int queries = Math.max(tokens, k);
        int keys = prefix + queries;
        return c.numLayers() * layer(c, queries, keys, keys);
    }

    /**
     * Prefill of a {@code prompt}-token prompt reading the whole pool: queries are the prompt rows, keys are
     * [b_l ; N pool rows ; prompt]. With {@code memoryKvCached} only the prompt rows are projected to keys/values;
     * otherwise the prefix rows are projected too. Includes the lm head on the last row (generation needs it).
     */
    public static double prefill(ModelConfig c, int prompt, boolean memoryKvCached) {
        int keys = c.generationPrefixRows() + prompt;
        int projected = memoryKvCached ? prompt : keys;
        return c.numLayers() * layer(c, prompt, keys, projected) + 2.0 * c.hiddenSize() * c.vocabSize();
    }

    /** One decoder layer: {@code queries} rows attend to {@code keys} rows, {@code projectedKv} of them projected. */
    static double layer(ModelConfig c, long queries, long keys, long projectedKv) {
        double d = c.hiddenSize();
        double qDim = (double) c.numHeads() * c.headDim();
        double kvDim = (double) c.numKvHeads() * c.headDim();
        double projections = 2 * queries * d * qDim       // q
                + 2 * 2 * projectedKv * d * kvDim           // k, v
                + 2 * queries * qDim * d;                   // o
        double mlp = 2 * 3 * queries * d * c.intermediateSize();
        double attention = 2 * 2 * queries * keys * qDim;
        return projections + mlp + attention + lora(c, queries, projectedKv, d, qDim, kvDim);
    }

    /** The one active adapter's low-rank terms x·Aᵀ·Bᵀ on every targeted projection. */
    private static double lora(ModelConfig c, long queries, long projectedKv, double d, double qDim, double kvDim) {
        if (c.lora() == null) {
            return 0;
        }
        double r = c.lora().r();
        double f = c.intermediateSize();
        double total = 0;
        for (String target : c.lora().targetModules()) {
            total += switch (target) {
                case "q_proj" -> 2 * queries * r * (d + qDim);
                case "k_proj", "v_proj" -> 2 * projectedKv * r * (d + kvDim);
                case "o_proj" -> 2 * queries * r * (qDim + d);
                case "gate_proj", "up_proj", "down_proj" -> 2 * queries * r * (d + f);
                default -> 0;
            };
        }
        return total;
    }
}
