package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The MemoryLLM transformer: embeddings, L decoder layers that each take a memory prefix, final norm, lm head, plus
 * the memory-specific parameters b_l (per-layer "BOS embedding") and e_pos (new-memory positional embedding).
 *
 * <p>Two batched forward passes cover everything the paper does (memoryllm-algorithm §4.1, §5.1, §6.3):
 * {@link #inject} (a self-update's forward: contexts with the last K memory rows as prefix, returns the new memory
 * Δ) and {@link #logits} (prediction with any memory rows as prefix). Inference uses batch 1; training batches.
 */
public final class Backbone {

    /** The adapter used while writing memory (8b: the encoder LoRA). */
    public static final String ENCODER = "default";
    /** The adapter used while reading memory to generate (8b: the decoder LoRA). */
    public static final String DECODER = "decoder_adapter";

    private final ModelConfig config;
    private final Weights weights;
    private final Rope rope;
    private final List<DecoderLayer> layers;
    private final Linear lmHead;

    public Backbone(ModelConfig config, Weights weights, Rope rope) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.layers = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            layers.add(new DecoderLayer(config, weights.require(p + "input_layernorm.weight"),
                    weights.require(p + "post_attention_layernorm.weight"),
                    weights.linear(p + "self_attn.q_proj"), weights.linear(p + "self_attn.k_proj"),
                    weights.linear(p + "self_attn.v_proj"), weights.linear(p + "self_attn.o_proj"),
                    weights.linear(p + "mlp.gate_proj"), weights.linear(p + "mlp.up_proj"),
                    weights.linear(p + "mlp.down_proj")));
        }
        this.lmHead = config.tieWordEmbeddings() ? Linear.plain(weights.require(Weights.EMBED))
                : weights.linear("lm_head");
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return weights;
    }

    public Rope rope() {
        return rope;
    }

    public DecoderLayer layer(int l) {
        return layers.get(l);
    }

    /** The adapter for a phase: the decoder adapter exists only in 8b-style checkpoints; otherwise "default". */
    public String adapter(boolean writingMemory) {
        return !writingMemory && config.addDecoderLora() ? DECODER : ENCODER;
    }

    /** Token embeddings {@code [B, T, d]} of ids {@code [B, T]} (int64). */
    public NDArray embed(NDArray ids) {
        Shape shape = ids.getShape();
        NDArray rows = weights.require(Weights.EMBED).get(new NDIndex("{}", ids.reshape(-1)));
        return rows.reshape(shape.get(0), shape.get(1), config.hiddenSize());
    }

    /** b_l as {@code [B, 1, d]}, or null when the model has no BOS embedding. */
    public NDArray bos(int layer, long batch) {
        NDArray all = weights.get(Weights.BOS_EMBEDDING);
        if (all == null) {
            return null;
        }
        NDArray one = all.get(layer).expandDims(0);
        return batch == 1 ? one : one.broadcast(batch, 1, config.hiddenSize());
    }

    /** fp32 logits {@code [B, T, V]} of final hidden states {@code [B, T, d]} (§9 P14). */
    public NDArray logits(NDArray hidden) {
        NDArray normed = RmsNorm.apply(hidden, weights.require(Weights.FINAL_NORM), (float) config.rmsNormEps());
        return lmHead.apply(normed, null).toType(DataType.FLOAT32, false);
    }

    /**
     * The self-update forward (§4.1): for each layer l, {@code X = [b_l ; memoryTail_l ; H^l]}, e_pos added to the
     * last K rows, prefix = b_l and the first min(K, T) memory rows, queries = the rest.
     *
     * @param ids        contexts {@code [B, T]} (int64), no BOS
     * @param memoryTail the last K pool rows per layer {@code [L, B, K, d]}, or null for an uninitialised pool
     *                   (plain causal LM, Δ = the last min(K, T) outputs, §4.6; e_pos is added as the official
     *                   branch does: the main branch on every injection, the 7b branch only once initialised)
     * @return Δ {@code [L, B, K', d]} with K' = K (or min(K, T) when uninitialised)
     */
    public NDArray inject(NDArray ids, NDArray memoryTail) {
        String adapter = adapter(true);
        NDArray h = embed(ids);
        long batch = h.getShape().get(0);
        int t = Math.toIntExact(h.getShape().get(1));
        int k = config.numTokens();
        NDArray epos = memoryTail != null || config.officialBranch() == ModelConfig.OfficialBranch.MAIN
                ? weights.get(Weights.NEW_MEMORY_POSITIONAL_EMB) : null;
        List<NDArray> deltas = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            NDArray x;
            int prefixRows;
            if (memoryTail == null) {
                x = h;
                prefixRows = 0;
            } else {
                NDArray bos = bos(l, batch);
                NDArray mem = memoryTail.get(l);
                x = bos == null ? mem.concat(h, 1) : bos.concat(mem, 1).concat(h, 1);
                prefixRows = (bos == null ? 0 : 1) + Math.min(k, t);
            }
            long s = x.getShape().get(1);
            int marked = (int) Math.min(k, s);
            if (epos != null) {
                // e_pos on the last K rows, at every layer, after the concatenation (§9 P8)
                NDArray head = x.get(new NDIndex(":, :{}", s - marked));
                NDArray tail = x.get(new NDIndex(":, {}:", s - marked)).add(eposFor(epos, marked));
                x = head.concat(tail, 1);
            }
            NDArray y = runLayer(l, x, prefixRows, adapter);
            long q = y.getShape().get(1);
            deltas.add(y.get(new NDIndex(":, {}:", q - marked)));
            h = y.get(new NDIndex(":, {}:", q - t));
        }
        return NDArrays.stack(new NDList(deltas), 0);
    }

    /** e_pos for the last {@code rows} rows: [1,1,d] broadcasts; a [1,K,d] table contributes its last rows. */
    private static NDArray eposFor(NDArray epos, int rows) {
        long stored = epos.getShape().get(1);
        return stored == 1 ? epos : epos.get(new NDIndex(":, {}:", stored - rows));
    }

    /**
     * Prediction (§5.1 prefill, and the training objectives): logits for {@code ids [B, T]} with the prefix
     * {@code [b_l ; memory_l]} at every layer.
     *
     * @param memory {@code [L, B, M, d]} memory rows (the whole pool, Δ only, or any mix), or null for no memory
     */
    public NDArray logits(NDArray ids, NDArray memory) {
        return logits(hidden(ids, memory, null));
    }

    /**
     * The input states of every layer, {@code [B, T, d]} each, for {@code ids [B, T]} read with the prefix
     * {@code [b_l ; memory_l]}: the prompt as each layer sees it, what a long-term-memory block retriever compares
     * with the blocks (long-term-memory.md §3.3 pass 1).
     */
    public NDArray[] layerInputs(NDArray ids, NDArray memory) {
        NDArray[] inputs = new NDArray[config.numLayers()];
        hidden(ids, memory, inputs);
        return inputs;
    }

    /** The last layer's output for {@code ids} with memory prefix; each layer's input recorded when asked. */
    private NDArray hidden(NDArray ids, NDArray memory, NDArray[] inputs) {
        String adapter = adapter(false);
        NDArray h = embed(ids);
        long batch = h.getShape().get(0);
        for (int l = 0; l < config.numLayers(); l++) {
            if (inputs != null) {
                inputs[l] = h;
            }
            NDArray bos = memory == null ? null : bos(l, batch);
            NDArray x = h;
            int prefixRows = 0;
            if (memory != null) {
                NDArray mem = memory.get(l);
                x = bos == null ? mem.concat(h, 1) : bos.concat(mem, 1).concat(h, 1);
                prefixRows = Math.toIntExact(x.getShape().get(1) - h.getShape().get(1));
            }
            h = runLayer(l, x, prefixRows, adapter);
        }
        return h;
    }

    /** Layer l on rows {@code x [B, S, d]} whose first {@code prefixRows} rows are prefix; positions 0..S-1. */
    private NDArray runLayer(int l, NDArray x, int prefixRows, String adapter) {
        long s = x.getShape().get(1);
        DecoderLayer layer = layers.get(l);
        KeyValues prefix = null;
        NDArray queries = x;
        if (prefixRows > 0) {
            prefix = layer.prefixKeyValues(x.get(new NDIndex(":, :{}", prefixRows)), rope, adapter);
            queries = x.get(new NDIndex(":, {}:", prefixRows));
        }
        int q = Math.toIntExact(s - prefixRows);
        NDArray mask = q == 1 ? null : CausalMask.of(x.getManager(), q, 0, x.getDataType());
        return layer.forward(queries, prefixRows, prefix, null, mask, rope, adapter, null);
    }
}
