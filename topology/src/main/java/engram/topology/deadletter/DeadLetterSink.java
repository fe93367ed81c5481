package engram.topology.deadletter;

import engram.schemas.DeadLetter;
import engram.schemas.SourceCoordinates;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a flow dead-letters a record it cannot use: the original key and value, the reason, where the record
 * came from and when it failed, forwarded to the flow's dead-letter sink node. Ingest (news, conversations), the
 * update check and the query check all go through here, so every dead letter has the same fields.
 *
 * <p>Time: {@code failedAt} and the dead letter's own Kafka timestamp are the same instant, the stream thread's
 * wall clock when the record was dead-lettered. Not the input record's timestamp: queries carry 0 on purpose
 * ({@code QueriesFirstTimestampExtractor}), and a record re-read long after it was written carries its age, so
 * the dead-letter topic's time-based retention would count from then and could delete the letter before anyone
 * has looked at it. The input's own timestamp is not lost: the source coordinates point at the input record.
 */
public final class DeadLetterSink {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);

    private final String sinkName;
    private final int keptValueBytes;

    /**
     * @param sinkName the flow's sink node that writes to the dead-letter topic
     * @param keptValueBytes the most value bytes kept: a larger value (a TOO_LARGE record) is cut to this, so the
     *     dead letter itself fits the topic, and the message says so
     */
    public DeadLetterSink(String sinkName, int keptValueBytes) {
        if (keptValueBytes < 1) {
            throw new IllegalArgumentException("keptValueBytes must be >= 1, got " + keptValueBytes);
        }
        this.sinkName = sinkName;
        this.keptValueBytes = keptValueBytes;
    }

    /** Dead-letters the record being processed, keyed by its original key; processing then goes on. */
    public void send(ProcessorContext<Object, Object> context, Record<byte[], byte[]> record,
                     InvalidRecordException reason) {
        RecordMetadata metadata = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("record without topic metadata"));
        SourceCoordinates source = new SourceCoordinates(metadata.topic(), metadata.partition(), metadata.offset());
        LOG.warn("dead-lettering {}:{}:{}: {} {}", source.getTopic(), source.getPartition(), source.getOffset(),
                reason.kind(), reason.getMessage());
        long failedAt = context.currentSystemTimeMs();
        DeadLetter letter = letter(source, record.key(), record.value(), reason, failedAt);
        context.forward(new Record<>((Object) record.key(), (Object) letter, failedAt), sinkName);
    }

    private DeadLetter letter(SourceCoordinates source, byte[] key, byte[] value, InvalidRecordException reason,
                      long failedAtMillis) {
        String message = reason.getMessage();
        byte[] kept = value;
        if (value != null && value.length > keptValueBytes) {
            kept = Arrays.copyOf(value, keptValueBytes);
            message += " (value cut to its first " + keptValueBytes + " of " + value.length + " bytes)";
        }
        return DeadLetter.newBuilder()
                .setSource(source)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .setErrorKind(reason.kind().name())
                .setErrorMessage(message)
                .setFailedAt(Instant.ofEpochMilli(failedAtMillis))
                .build();
    }
}
