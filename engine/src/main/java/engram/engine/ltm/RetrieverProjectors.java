package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import engram.engine.ModelConfig;
import engram.engine.io.TensorData;
import engram.engine.io.TensorSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * M+'s retriever projectors (long-term-memory.md §1.1, §3.4): per layer {@code f_q} and {@code f_k}, each
 * {@code Linear(d, 2·d_r, no bias) → SiLU → Linear(2·d_r, d_r, no bias)}, under M+'s tensor names
 * {@code model.layers.{l}.self_attn.{query,key}_proj.{0,2}.weight}, so one loader serves engram-tiny and mplus-8b.
 * Optional in a checkpoint: {@link #read} gives null when layer 0 has none.
 */
public final class RetrieverProjectors implements AutoCloseable {

    private final NDArray[][] query; // [layer][0 or 1]: the first and the second linear
    private final NDArray[][] key;
    private final int dim;

    private RetrieverProjectors(NDArray[][] query, NDArray[][] key, int dim) {
        this.query = query;
        this.key = key;
        this.dim = dim;
    }

    public static String tensorName(int layer, String which, int index) {
        return "model.layers." + layer + ".self_attn." + which + "_proj." + index + ".weight";
    }

    /** The projectors in {@code source}, or null when it has none; all or none of a layer's four must be there. */
    public static RetrieverProjectors read(TensorSource source, ModelConfig c, NDManager manager, DataType dtype)
            throws IOException {
        Map<String, String> stored = new HashMap<>();
        for (String name : source.names()) {
            stored.put(name.startsWith("base_model.model.") ? name.substring("base_model.model.".length()) : name,
                    name);
        }
        if (!stored.containsKey(tensorName(0, "query", 0))) {
            return null;
        }
        long[] first = source.info(stored.get(tensorName(0, "query", 0))).shape();
        if (first.length != 2 || first[1] != c.hiddenSize() || first[0] % 2 != 0) {
            throw new IOException("retriever projector " + tensorName(0, "query", 0) + " has shape "
                    + Arrays.toString(first) + ", expected [2*d_r, " + c.hiddenSize() + "]");
        }
        int dim = (int) first[0] / 2;
        NDArray[][] query = new NDArray[c.numLayers()][];
        NDArray[][] key = new NDArray[c.numLayers()][];
        for (int l = 0; l < c.numLayers(); l++) {
            query[l] = pair(source, stored, l, "query", c.hiddenSize(), dim, manager, dtype);
            key[l] = pair(source, stored, l, "key", c.hiddenSize(), dim, manager, dtype);
        }
        return new RetrieverProjectors(query, key, dim);
    }

    private static NDArray[] pair(TensorSource source, Map<String, String> stored, int l, String which, int d,
                                  int dim, NDManager manager, DataType dtype) throws IOException {
        long[][] shapes = {{2L * dim, d}, {dim, 2L * dim}};
        NDArray[] out = new NDArray[2];
        for (int i = 0; i < 2; i++) {
            String name = tensorName(l, which, i * 2);
            if (!stored.containsKey(name)) {
                throw new IOException("checkpoint has retriever projectors but lacks " + name);
            }
            TensorData data = source.read(stored.get(name));
            if (!Arrays.equals(data.shape(), shapes[i])) {
                throw new IOException("retriever projector " + name + " has shape " + Arrays.toString(data.shape())
                        + ", expected " + Arrays.toString(shapes[i]));
            }
            out[i] = manager.create(data.toFloat32(), new Shape(shapes[i])).toType(dtype, false);
        }
        return out;
    }

    /** d_r: the width of a query or key. */
    public int dim() {
        return dim;
    }

    /** f_q^l of rows {@code [..., d]} (already input_layernorm'd). */
    public NDArray query(int layer, NDArray normed) {
        return apply(query[layer], normed);
    }

    /** f_k^l of rows {@code [..., d]} (already input_layernorm'd). */
    public NDArray key(int layer, NDArray normed) {
        return apply(key[layer], normed);
    }

    private static NDArray apply(NDArray[] mlp, NDArray x) {
        NDArray hidden = Activation.swish(Linear.linear(x, mlp[0]).singletonOrThrow(), 1f);
        return Linear.linear(hidden, mlp[1]).singletonOrThrow();
    }

    @Override
    public void close() {
        for (NDArray[][] side : new NDArray[][][] {query, key}) {
            for (NDArray[] layer : side) {
                for (NDArray w : layer) {
                    w.close();
                }
            }
        }
    }
}
