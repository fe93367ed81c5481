package engram.topology.apply;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the apply flow remembers about one memory, in a changelogged state store committed together with the
 * version events (exactly-once): the version reached, the last update applied, and per source partition the
 * position of the last source chunk applied.
 *
 * <p>Why per source partition: the chunks of one feed partition reach a memory's updates partition in source
 * order (one ingest task per feed partition writes them in order), so a chunk at or before the high-water mark
 * of its source partition has been applied already. The state stays small (one mark per feed partition) however
 * long the log grows.
 *
 * @param version updates applied so far (the pool's version)
 * @param lastUpdateId id of the last applied update ("" before the first)
 * @param appliedUpTo "topic:partition" of a feed partition to the last applied position in it
 */
public record MemoryState(long version, String lastUpdateId, Map<String, SourcePosition> appliedUpTo) {

    /** A chunk's position in its feed partition: the record offset, then the chunk index within the record. */
    public record SourcePosition(long offset, int chunkIndex) implements Comparable<SourcePosition> {
        @Override
        public int compareTo(SourcePosition other) {
            int byOffset = Long.compare(offset, other.offset);
            return byOffset != 0 ? byOffset : Integer.compare(chunkIndex, other.chunkIndex);
        }
    }

    public MemoryState {
        appliedUpTo = Map.copyOf(appliedUpTo);
    }

    public static MemoryState empty() {
        return new MemoryState(0, "", Map.of());
    }

    /** Whether the chunk at {@code position} of {@code sourcePartition} was applied already. */
    public boolean hasApplied(String sourcePartition, SourcePosition position) {
        SourcePosition mark = appliedUpTo.get(sourcePartition);
        return mark != null && position.compareTo(mark) <= 0;
    }

    public MemoryState after(long newVersion, String updateId, String sourcePartition, SourcePosition position) {
        Map<String, SourcePosition> marks = new TreeMap<>(appliedUpTo);
        marks.put(sourcePartition, position);
        return new MemoryState(newVersion, updateId, marks);
    }
}
