package engram.topology.deadletter;

import engram.schemas.DeadLetter;
import engram.schemas.SourceCoordinates;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds {@link DeadLetter} records: the original key and value, the reason, and where the record came from. */
public final class DeadLetters {

    private DeadLetters() {}

    /**
     * @param keptValueBytes the most value bytes kept (records dead-lettered as TOO_LARGE are cut to this so the
     *     dead letter itself fits the topic); the message says when the value was cut
     */
    public static DeadLetter of(SourceCoordinates source, byte[] key, byte[] value, ErrorKind kind, String message,
                                long failedAtMillis, int keptValueBytes) {
        String fullMessage = message;
        byte[] kept = value;
        if (value != null && value.length > keptValueBytes) {
            kept = Arrays.copyOf(value, keptValueBytes);
            fullMessage = message + " (value cut to its first " + keptValueBytes + " of " + value.length + " bytes)";
        }
        return DeadLetter.newBuilder()
                .setSource(source)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .setErrorKind(kind.name())
                .setErrorMessage(fullMessage)
                .setFailedAt(Instant.ofEpochMilli(failedAtMillis))
                .build();
    }
}
