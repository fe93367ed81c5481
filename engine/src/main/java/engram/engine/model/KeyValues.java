package engram.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * Post-RoPE keys and values of some rows of one layer, {@code [B, Hkv, S, hd]} each. Used for the prefix that every
 * query sees (b_l + memory rows) and for the growing causal cache of a generation.
 */
public record KeyValues(NDArray keys, NDArray values) implements AutoCloseable {

    public long rows() {
        return keys.getShape().get(2);
    }

    /** These rows followed by {@code more}'s rows (a new pair; this one is left as it is). */
    public KeyValues append(KeyValues more) {
        return new KeyValues(keys.concat(more.keys, 2), values.concat(more.values, 2));
    }

    @Override
    public void close() {
        keys.close();
        values.close();
    }
}
