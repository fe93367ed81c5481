package engram.topology.durability;

/**
 * A record's place in the updates topic: where the update that produced a version was read from.
 *
 * @param topic the updates topic
 * @param partition its partition holding the memory
 * @param offset the record's offset; {@link #NONE} before the first update
 */
public record LogPosition(String topic, int partition, long offset) {

    public static final long NONE = -1;

    /** The position before the first record of {@code partition}: replay starts at offset 0. */
    public static LogPosition before(String topic, int partition) {
        return new LogPosition(topic, partition, NONE);
    }

    /** Where reading resumes after this position. */
    public long nextOffset() {
        return offset + 1;
    }

    @Override
    public String toString() {
        return topic + ":" + partition + "@" + offset;
    }
}
