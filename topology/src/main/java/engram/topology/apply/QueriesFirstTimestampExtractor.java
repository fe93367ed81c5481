package engram.topology.apply;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives every query the timestamp 0, so it is processed as soon as it has been fetched.
 *
 * <p>A task that reads updates and queries picks, among the records it has buffered, the one with the smallest
 * timestamp. With record timestamps, a question would wait behind every older update of a long backlog, each a
 * forward pass. With timestamp 0 it waits at most for the update being applied and the rest of the current
 * processing round; the updates topic itself stays the backlog (on the brokers, not in memory). The apply flow
 * uses no windows or stream time, so the artificial timestamp changes nothing else; answers carry their own
 * (wall-clock) timestamp.
 */
public final class QueriesFirstTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0L;
    }
}
