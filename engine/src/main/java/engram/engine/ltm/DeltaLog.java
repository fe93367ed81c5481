package engram.engine.ltm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Δ-log (long-term-memory.md §3.1): a ring of the blocks the last W self-updates wrote, one {@link Entry} per
 * update, oldest first. Entry v - W leaves when entry v arrives (the oldest write goes first).
 *
 * <p>Entries are immutable and shared between copies of a log, so copying a memory for an as-of read or a fork costs
 * a ring of references, not W blocks.
 */
public final class DeltaLog {

    /**
     * What update {@code version} wrote.
     *
     * @param delta  Δ_u: the K rows per layer the update appended, fp32 [L, K, d] row-major (the pool's last K rows)
     * @param digest SHA-256 of {@code delta} as little-endian fp32 bytes
     * @param source the update's source key (first 8 bytes of SHA-256 of its source id), 0 when it had none
     * @param tokens the update's token ids (the lexical retriever's document)
     * @param caches values computed once from this entry (a retriever's keys for Δ_u): pure functions of the model's
     *               weights and Δ_u, so not state: shared by copies of the log, never saved, recomputed after a
     *               restore
     */
    public record Entry(long version, float[] delta, byte[] digest, long source, int[] tokens,
                        Map<String, Object> caches) {

        public Entry(long version, float[] delta, byte[] digest, long source, int[] tokens) {
            this(version, delta, digest, source, tokens, new ConcurrentHashMap<>());
        }
    }

    private final int window;
    private final Entry[] ring;
    private int size;
    private long newest;

    public DeltaLog(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
        this.ring = new Entry[window];
    }

    public int window() {
        return window;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The newest entry's version; 0 when empty. */
    public long newest() {
        return size == 0 ? 0 : newest;
    }

    /** Appends the block of the update after the newest; the entry W updates older leaves. */
    public void append(Entry entry) {
        if (size > 0 && entry.version() != newest + 1) {
            throw new IllegalArgumentException("Δ-log entry " + entry.version() + " does not follow " + newest);
        }
        ring[(int) Math.floorMod(entry.version(), (long) window)] = entry;
        newest = entry.version();
        size = Math.min(size + 1, window);
    }

    /** The entry of {@code version}, or null when it is not (or no longer) in the log. */
    public Entry get(long version) {
        if (size == 0 || version > newest || version <= newest - size) {
            return null;
        }
        return ring[(int) Math.floorMod(version, (long) window)];
    }

    /** Every entry, oldest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size);
        for (long v = newest - size + 1; v <= newest && size > 0; v++) {
            out.add(get(v));
        }
        return out;
    }

    /** An independent log with the same entries. */
    public DeltaLog copy() {
        DeltaLog copy = new DeltaLog(window);
        System.arraycopy(ring, 0, copy.ring, 0, window);
        copy.size = size;
        copy.newest = newest;
        return copy;
    }
}
