package engram.engine.io;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Named tensors readable one at a time: a single safetensors file or a sharded checkpoint look the same to callers. */
public interface TensorSource extends AutoCloseable {

    /** The free-form string metadata ({@code __metadata__}, or the index's {@code metadata} for a sharded checkpoint). */
    Map<String, String> metadata();

    /** Every tensor name, in a stable order. */
    Set<String> names();

    /** True if a tensor of that name exists. */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Dtype, shape and location of a tensor without reading its bytes. */
    TensorInfo info(String name);

    /**
     * Reads one tensor.
     *
     * @throws IllegalArgumentException if no tensor has that name
     */
    TensorData read(String name) throws IOException;

    @Override
    void close() throws IOException;
}
