package engram.topology.durability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition from an offset up to its end as it was when reading started (the last stable offset, under
 * read_committed), handing over the records of one key (or, with a null key, every record) in offset order.
 */
final class KeyedLogReader {

    /** What to do with each record of the key; false stops reading. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(ConsumerRecord<byte[], byte[]> record);
    }

    private static final Duration POLL = Duration.ofMillis(200);
    /** How long reading may make no progress before the broker is taken to be unreachable. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private KeyedLogReader() {}

    /**
     * @return the offset reading stopped at (the next offset not handed over)
     */
    static long read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long fromOffset, String key,
                     Visitor visitor) {
        return read(consumer, partition, fromOffset, key, visitor, () -> false);
    }

    /**
     * @param stop checked between polls, so a deadline is noticed while other keys' records are being skipped
     */
    static long read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long fromOffset, String key,
                     Visitor visitor, java.util.function.BooleanSupplier stop) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        consumer.assign(List.of(partition));
        Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition));
        long end = ends.get(partition);
        long start = Math.max(fromOffset, consumer.beginningOffsets(List.of(partition)).get(partition));
        if (start > Math.max(fromOffset, 0)) {
            throw new IllegalStateException(partition + ": offset " + fromOffset + " is no longer in the log (it starts"
                    + " at " + start + "); the updates topic must keep everything for replay");
        }
        consumer.seek(partition, start);
        long next = start;
        long lastProgress = System.nanoTime();
        while (next < end && !stop.getAsBoolean()) {
            long before = next;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                if (record.offset() >= end) {
                    return record.offset();
                }
                next = record.offset() + 1;
                if ((keyBytes == null || Arrays.equals(keyBytes, record.key())) && !visitor.visit(record)) {
                    return next;
                }
            }
            // transaction markers occupy offsets but are never returned: the position moves past them
            next = Math.max(next, consumer.position(partition));
            if (next > before) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException(partition + ": no progress reading at offset " + next + " (end "
                        + end + ") for " + STALL.toSeconds() + " s; is the broker reachable?");
            }
        }
        return next;
    }
}
