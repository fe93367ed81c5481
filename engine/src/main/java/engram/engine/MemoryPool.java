package engram.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import engram.engine.ltm.LongTermMemory;
import engram.engine.ltm.LtmChecksum;
import engram.engine.ltm.LtmSnapshot;
import engram.engine.model.KeyValues;
import engram.engine.pool.PoolChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory: the pool θ {@code [L, N, d]} of hidden states, its version (number of self-updates applied since the
 * checkpoint's initial pool) and the seed its drops are derived from. pool(v) is a pure function of (model, initial
 * pool, updates 1..v, seed), and {@link #checksum()} names it.
 *
 * <p>Thread contract: one writer. {@link MemoryLLM#selfUpdate} replaces the rows; generation reads them and caches
 * the memory's keys/values for the current version ({@link #cachedMemoryKv}), dropped on the next update.
 *
 * <p>With a long-term memory ({@link #ltm()}, long-term-memory.md) the pool also keeps the blocks of its last W
 * updates and the origin of every row; the rows and {@link #checksum()} are the same as without it.
 */
public final class MemoryPool implements AutoCloseable {

    static final String TENSOR = "memory";
    private static final String FORMAT = "engram-pool-v1";
    /** A snapshot that also carries the long-term memory. */
    private static final String FORMAT_LTM = "engram-pool-v2";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPool.class);

    private final NDManager manager;
    private final long seed;
    private final String modelId;
    private NDArray rows;
    private long version;
    private boolean initialized;
    private String checksum;
    private KeyValues[] memoryKv;
    private final LongTermMemory ltm;

    MemoryPool(NDManager manager, NDArray rows, long seed, long version, boolean initialized, String modelId) {
        this(manager, rows, seed, version, initialized, modelId, null);
    }

    MemoryPool(NDManager manager, NDArray rows, long seed, long version, boolean initialized, String modelId,
               LongTermMemory ltm) {
        this.ltm = ltm;
        this.manager = manager;
        this.seed = seed;
        this.modelId = modelId;
        this.version = version;
        this.initialized = initialized;
        rows.attach(manager);
        this.rows = rows;
    }

    public long version() {
        return version;
    }

    public long seed() {
        return seed;
    }

    public String modelId() {
        return modelId;
    }

    /** False until the first self-update of a checkpoint whose pool was never written (§4.6). */
    public boolean initialized() {
        return initialized;
    }

    public Shape shape() {
        return rows.getShape();
    }

    /** The pool tensor itself (do not close or modify it). */
    public NDArray rows() {
        return rows;
    }

    NDManager manager() {
        return manager;
    }

    /** Installs the rows of the next version (takes ownership) and forgets what was cached for the old one. */
    void advance(NDArray next) {
        next.attach(manager);
        rows.close();
        rows = next;
        version++;
        initialized = true;
        checksum = null;
        dropMemoryKv();
    }

    /**
     * {@link #advance(NDArray)}, and the long-term memory (if any) records the update: its block (the new rows' last
     * K per layer), which rows survived ({@code survivors} [L][N-K], null when the update tiled the pool), its
     * source id (may be null) and its token ids.
     */
    void advance(NDArray next, int[][] survivors, String sourceId, int[] tokens) {
        float[] block = null;
        if (ltm != null) {
            long n = next.getShape().get(1);
            try (NDArray last = next.get(new NDIndex(":, {}:", n - ltm.blockRows()));
                 NDArray fp32 = last.toType(DataType.FLOAT32, true)) {
                block = fp32.toFloatArray();
            }
        }
        advance(next);
        if (ltm != null) {
            ltm.record(version, block, survivors, sourceId, tokens);
        }
    }

    /** The long-term memory, or null when it is off (window 0). */
    public LongTermMemory ltm() {
        return ltm;
    }

    /** {@link LtmChecksum ltmChecksum} of the current version, or null without a long-term memory. */
    public String ltmChecksum() {
        return ltm == null ? null : ltm.checksum();
    }

    /** stateChecksum = SHA-256("engram-state-v2" ‖ pool ‖ ltm), or null without a long-term memory. */
    public String stateChecksum() {
        return ltm == null ? null : LtmChecksum.state(checksum(), ltm.checksum());
    }

    /** The decoder's keys/values of [b_l ; θ_l] for the current version, or null when not computed yet. */
    KeyValues[] cachedMemoryKv() {
        return memoryKv;
    }

    void cacheMemoryKv(KeyValues[] kv) {
        dropMemoryKv();
        for (KeyValues layer : kv) {
            layer.keys().attach(manager);
            layer.values().attach(manager);
        }
        memoryKv = kv;
    }

    private void dropMemoryKv() {
        if (memoryKv != null) {
            for (KeyValues layer : memoryKv) {
                layer.close();
            }
            memoryKv = null;
        }
    }

    /**
     * {@link PoolChecksum} of the exact pool values: SHA-256 over little-endian fp32 bytes in [L, N, d] order (a
     * bf16 pool is widened to fp32 first, which is exact). Computed layer by layer, cached per version.
     *
     * <p>On a little-endian machine the tensor's own memory already holds those bytes, so the digest reads it in
     * place (no float[] and byte[] copies: they cost about as much as SHA-256 itself, and this runs on every
     * self-update). Elsewhere the values are copied out and written little-endian.
     */
    public String checksum() {
        if (checksum == null) {
            MessageDigest digest = sha256();
            long layers = rows.getShape().get(0);
            for (long l = 0; l < layers; l++) {
                try (NDArray layer = rows.get(l)) {
                    NDArray fp32 = layer.toType(DataType.FLOAT32, false);
                    try {
                        digest.update(littleEndianBytes(fp32));
                    } finally {
                        if (fp32 != layer) {
                            fp32.close();
                        }
                    }
                }
            }
            checksum = "sha256:" + HexFormat.of().formatHex(digest.digest());
        }
        return checksum;
    }

    /** The fp32 values of {@code array} as little-endian bytes: a view of the tensor where possible. */
    private static ByteBuffer littleEndianBytes(NDArray array) {
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && !array.getDevice().isGpu()) {
            return array.toByteBuffer(true); // direct view of the data when contiguous, else a native-order copy
        }
        float[] values = array.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    /** The pool as fp32 values in [L, N, d] row-major order. */
    public float[] toFloatArray() {
        return rows.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** An independent copy at the same version (for as-of reads, eval back-ups, forks). */
    public MemoryPool copy() {
        NDManager child = manager.getParentManager().newSubManager();
        return new MemoryPool(child, rows.duplicate(), seed, version, initialized, modelId,
                ltm == null ? null : ltm.copy());
    }

    /**
     * A copy at the same version and seed holding {@code rows} [L, N, d] (this pool's shape and type) instead of this
     * pool's rows; it takes ownership of them. Not a state any update sequence produces: for probes that rearrange
     * or remove rows to see how the model reads them (lab's {@code probe.PoolRows}). This pool is unchanged.
     */
    public MemoryPool copyWithRows(NDArray rows) {
        if (!rows.getShape().equals(this.rows.getShape()) || rows.getDataType() != this.rows.getDataType()) {
            throw new IllegalArgumentException("rows " + rows.getShape() + " " + rows.getDataType() + " for a pool of "
                    + this.rows.getShape() + " " + this.rows.getDataType());
        }
        NDManager child = manager.getParentManager().newSubManager();
        return new MemoryPool(child, rows, seed, version, initialized, modelId);
    }

    /**
     * Writes the pool to a safetensors file, atomically (temp file + rename): tensor {@code memory} [L, N, d] in
     * fp32 and metadata {format, version, seed, model_id, checksum, initialized} plus {@code extra}. With a
     * long-term memory the format is {@code engram-pool-v2} and the file also holds the log and origins
     * ({@link LtmSnapshot}); without, it is {@code engram-pool-v1}, byte for byte as before.
     */
    public void snapshot(Path file, Map<String, String> extra) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", ltm == null ? FORMAT : FORMAT_LTM);
        metadata.put("version", Long.toString(version));
        metadata.put("seed", Long.toString(seed));
        metadata.put("model_id", modelId);
        metadata.put("checksum", checksum());
        metadata.put("initialized", Boolean.toString(initialized));
        List<TensorData> tensors = new ArrayList<>();
        tensors.add(TensorData.ofFloat32(TENSOR, rows.getShape().getShape(), toFloatArray()));
        if (ltm != null) {
            metadata.putAll(LtmSnapshot.metadata(ltm, checksum()));
            tensors.addAll(LtmSnapshot.tensors(ltm));
        }
        Safetensors.write(file, metadata, tensors);
    }

    /** What a snapshot file says about itself, without loading the pool. */
    public record SnapshotInfo(long version, long seed, String modelId, String checksum, Map<String, String> metadata) {
    }

    public static SnapshotInfo readSnapshotInfo(Path file) throws IOException {
        try (SafetensorsFile f = Safetensors.open(file)) {
            return info(file, f.metadata());
        }
    }

    private static SnapshotInfo info(Path file, Map<String, String> m) throws IOException {
        if (!FORMAT.equals(m.get("format")) && !FORMAT_LTM.equals(m.get("format"))) {
            throw new IOException(file + " is not an Engram pool snapshot (format=" + m.get("format") + ")");
        }
        try {
            return new SnapshotInfo(Long.parseLong(m.get("version")), Long.parseLong(m.get("seed")),
                    m.get("model_id"), m.get("checksum"), Map.copyOf(m));
        } catch (RuntimeException e) {
            throw new IOException(file + ": bad snapshot metadata " + m, e);
        }
    }

    /**
     * Reads a snapshot into a new pool under {@code parent}, recomputing the checksum from the bytes: a file whose
     * contents do not match its recorded checksum is refused. A v2 snapshot brings its long-term memory back
     * (verified the same way) with the window it was written with; a v1 snapshot restored for a model whose
     * long-term memory is on ({@code ltmWindow} > 0) starts with an empty log, which the log says.
     */
    static MemoryPool restore(Path file, NDManager parent, DataType dtype, String expectedModelId, Shape expectedShape,
                              int ltmWindow, int blockRows) throws IOException {
        try (SafetensorsFile f = Safetensors.open(file)) {
            SnapshotInfo info = info(file, f.metadata());
            if (expectedModelId != null && !expectedModelId.equals(info.modelId())) {
                throw new IOException(file + " was written for model " + info.modelId() + ", not " + expectedModelId);
            }
            TensorData data = f.read(TENSOR);
            if (!new Shape(data.shape()).equals(expectedShape)) {
                throw new IOException(file + ": pool shape " + new Shape(data.shape()) + " != model's " + expectedShape);
            }
            float[] values = data.toFloat32();
            String actual = PoolChecksum.of(values);
            if (!actual.equals(info.checksum())) {
                throw new IOException(file + ": pool bytes have checksum " + actual + " but the snapshot records "
                        + info.checksum() + " (corrupted snapshot)");
            }
            LongTermMemory ltm = restoreLtm(file, f, info, actual, expectedShape, ltmWindow, blockRows);
            NDManager child = parent.newSubManager();
            NDArray rows = child.create(values, expectedShape);
            if (dtype != DataType.FLOAT32) {
                NDArray cast = rows.toType(dtype, false);
                rows.close();
                rows = cast;
            }
            boolean initialized = !"false".equals(info.metadata().get("initialized"));
            return new MemoryPool(child, rows, info.seed(), info.version(), initialized, info.modelId(), ltm);
        }
    }

    private static LongTermMemory restoreLtm(Path file, SafetensorsFile f, SnapshotInfo info, String poolChecksum,
                                             Shape shape, int ltmWindow, int blockRows) throws IOException {
        int layers = (int) shape.get(0);
        int n = (int) shape.get(1);
        int d = (int) shape.get(2);
        if (FORMAT_LTM.equals(info.metadata().get("format"))) {
            return LtmSnapshot.read(file, f, info.metadata(), info.version(), poolChecksum, layers, n, blockRows, d);
        }
        if (ltmWindow == 0) {
            return null;
        }
        LOG.warn("{} (version {}) carries no long-term memory: it starts empty, and the blocks of updates 1..{} "
                + "cannot be retrieved (restore from an older snapshot and replay to fill it)", file, info.version(),
                info.version());
        return LongTermMemory.empty(ltmWindow, layers, n, blockRows, d, info.version());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dropMemoryKv();
        manager.close();
    }
}
