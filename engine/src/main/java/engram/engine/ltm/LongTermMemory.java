package engram.engine.ltm;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The long-term memory of one memory id (long-term-memory.md §3.1): the {@link DeltaLog} of the last W self-updates
 * and {@code origin [L, N]}, the version that wrote each pool row (0 = the checkpoint's pool, or unknown after a
 * restore from a snapshot without a log). The self-update itself is unchanged: this only records what it wrote, so
 * the pool and its checksum are the same with the long-term memory on or off.
 *
 * <p>State = (origin, Δ-log), named by {@link #checksum()}. The Δ-log is a function of (weights, update log) alone;
 * origin also of the pool's drop seed. Thread contract: the pool's (one writer; readers on the writer's thread or
 * after it, never during an update).
 */
public final class LongTermMemory {

    private final int layers;
    private final int poolRows;
    private final int blockRows;
    private final int hidden;
    private final DeltaLog log;
    private final long[][] origins;
    private long version;
    private long completeFrom;
    private String checksum;
    private final Map<String, Object> derived = new ConcurrentHashMap<>();

    private LongTermMemory(int layers, int poolRows, int blockRows, int hidden, DeltaLog log, long[][] origins,
                           long version, long completeFrom) {
        this.layers = layers;
        this.poolRows = poolRows;
        this.blockRows = blockRows;
        this.hidden = hidden;
        this.log = log;
        this.origins = origins;
        this.version = version;
        this.completeFrom = completeFrom;
    }

    /**
     * An empty long-term memory for a pool at {@code version} whose rows all come from the checkpoint (version 0) or
     * from updates whose blocks are unknown (a restore without a log: {@link #completeFrom()} says so).
     */
    public static LongTermMemory empty(int window, int layers, int poolRows, int blockRows, int hidden, long version) {
        return new LongTermMemory(layers, poolRows, blockRows, hidden, new DeltaLog(window), new long[layers][poolRows],
                version, version + 1);
    }

    /** A restored one (the snapshot reader checks it against its checksum). */
    static LongTermMemory of(int layers, int poolRows, int blockRows, int hidden, DeltaLog log, long[][] origins,
                             long version, long completeFrom) {
        return new LongTermMemory(layers, poolRows, blockRows, hidden, log, origins, version, completeFrom);
    }

    /**
     * Records update {@code v}: its block (the new pool's last K rows, fp32 [L, K, d]) enters the log and origin
     * follows the drops: {@code origin_l = origin_l[survivors_l] ++ [v]*K}. {@code survivors} null means the update
     * tiled an uninitialised pool (memoryllm-algorithm §4.6): its last K rows are the block, the copies in front of
     * them count as the initial pool (origin 0), so that promoting the block moves exactly K rows.
     */
    public void record(long v, float[] delta, int[][] survivors, String sourceId, int[] tokens) {
        if (v != version + 1) {
            throw new IllegalArgumentException("update " + v + " does not follow version " + version);
        }
        if (delta.length != layers * blockRows * hidden) {
            throw new IllegalArgumentException("block has " + delta.length + " values, expected L*K*d = "
                    + layers * blockRows * hidden);
        }
        for (int l = 0; l < layers; l++) {
            long[] next = new long[poolRows];
            if (survivors != null) {
                for (int i = 0; i < survivors[l].length; i++) {
                    next[i] = origins[l][survivors[l][i]];
                }
            }
            Arrays.fill(next, poolRows - blockRows, poolRows, v);
            origins[l] = next;
        }
        log.append(new DeltaLog.Entry(v, delta.clone(), LtmChecksum.digest(delta), LtmChecksum.sourceKey(sourceId),
                tokens.clone()));
        version = v;
        checksum = null;
        derived.clear();
    }

    /** ltmChecksum of the current version, cached until the next update. */
    public String checksum() {
        if (checksum == null) {
            checksum = LtmChecksum.ltm(log.window(), version, origins, log.entries());
        }
        return checksum;
    }

    public DeltaLog log() {
        return log;
    }

    public int window() {
        return log.window();
    }

    /** The pool version this state belongs to. */
    public long version() {
        return version;
    }

    /**
     * The first version whose block the log may hold: 1, or (after restoring a snapshot that carried no log) the
     * version after the restored one; blocks of earlier updates are not retrievable.
     */
    public long completeFrom() {
        return completeFrom;
    }

    /** origin of pool row {@code i} in layer {@code l}. */
    public long origin(int l, int i) {
        return origins[l][i];
    }

    /** A copy of origin [L][N]. */
    public long[][] origins() {
        long[][] copy = new long[layers][];
        for (int l = 0; l < layers; l++) {
            copy[l] = origins[l].clone();
        }
        return copy;
    }

    public int layers() {
        return layers;
    }

    public int poolRows() {
        return poolRows;
    }

    public int blockRows() {
        return blockRows;
    }

    public int hidden() {
        return hidden;
    }

    /** Entries of the log, oldest first. */
    public List<DeltaLog.Entry> entries() {
        return log.entries();
    }

    /**
     * A value derived from the whole current log (a retriever's key matrix), computed once per version: dropped on
     * the next update, never copied, never saved.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(String key, Supplier<T> compute) {
        return (T) derived.computeIfAbsent(key, unused -> compute.get());
    }

    /** An independent copy at the same version. */
    public LongTermMemory copy() {
        LongTermMemory copy = new LongTermMemory(layers, poolRows, blockRows, hidden, log.copy(), origins(), version,
                completeFrom);
        copy.checksum = checksum;
        return copy;
    }
}
