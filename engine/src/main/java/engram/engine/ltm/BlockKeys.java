package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A retriever's per-row keys of the log's blocks, {@code [U*K, width]} per layer: computed once per block (one
 * batched call for the blocks that lack them, cached on the entry: a pure function of weights and Δ_u), assembled
 * once per memory version (cached on the long-term memory until the next update).
 */
final class BlockKeys {

    private BlockKeys() {
    }

    /**
     * @param name    the cache name (one per retriever kind)
     * @param keysOf  (layer, rows [1, M*K, d] in the activation dtype) → keys [M*K, width], any float dtype
     * @return per layer of {@code layers} (other layers null), the keys of every entry, oldest first, as fp32
     *         [U*K, width]
     */
    static NDArray[] of(String name, LongTermMemory ltm, List<DeltaLog.Entry> entries, int[] layers, int width,
                        NDManager manager, DataType dtype, BiFunction<Integer, NDArray, NDArray> keysOf) {
        int k = ltm.blockRows();
        int d = ltm.hidden();
        List<DeltaLog.Entry> missing = entries.stream().filter(e -> !e.caches().containsKey(name)).toList();
        if (!missing.isEmpty()) {
            float[][][] perEntry = new float[missing.size()][ltm.layers()][];
            for (int l = 0; l < ltm.layers(); l++) { // every layer: the next retriever may score with others
                float[] rows = new float[missing.size() * k * d];
                for (int e = 0; e < missing.size(); e++) {
                    System.arraycopy(missing.get(e).delta(), l * k * d, rows, e * k * d, k * d);
                }
                NDArray x = manager.create(rows, new Shape(1, (long) missing.size() * k, d)).toType(dtype, false);
                float[] keys = keysOf.apply(l, x).toType(DataType.FLOAT32, false).toFloatArray();
                for (int e = 0; e < missing.size(); e++) {
                    float[] mine = new float[k * width];
                    System.arraycopy(keys, e * k * width, mine, 0, k * width);
                    perEntry[e][l] = mine;
                }
            }
            for (int e = 0; e < missing.size(); e++) {
                missing.get(e).caches().putIfAbsent(name, perEntry[e]);
            }
        }
        NDArray[] out = new NDArray[ltm.layers()];
        for (int l : layers) {
            int layer = l;
            float[] all = ltm.derived(name + "." + l, () -> {
                float[] joined = new float[entries.size() * k * width];
                for (int e = 0; e < entries.size(); e++) {
                    float[][] keys = (float[][]) entries.get(e).caches().get(name);
                    System.arraycopy(keys[layer], 0, joined, e * k * width, k * width);
                }
                return joined;
            });
            out[l] = manager.create(all, new Shape((long) entries.size() * k, width));
        }
        return out;
    }
}
