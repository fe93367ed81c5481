package engram.engine.io;

import java.util.Arrays;

/**
 * A tensor's header entry: what it is and where its bytes lie, known without reading them.
 * {@code begin}/{@code end} are byte offsets relative to the start of the data section, as in the file.
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long byteCount() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + "," + end + ")";
    }
}
