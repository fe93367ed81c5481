package engram.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a record Engram can read. It is a Kafka {@link SerializationException} so a Kafka client
 * treats it as a poison-pill problem, and it carries a stable {@link Kind} so the topology can write a
 * dead letter with a machine-readable reason instead of crashing or looping.
 */
public final class UndecodableRecordException extends SerializationException {

    /** Why the bytes could not be decoded. The names are used verbatim as dead-letter error kinds. */
    public enum Kind {
        /** Null or zero-length value. */
        EMPTY,
        /** Not Avro single-object encoding: the 2-byte marker C3 01 plus an 8-byte fingerprint is missing. */
        BAD_HEADER,
        /** A single-object header whose schema fingerprint matches no released version of the expected schema. */
        UNKNOWN_SCHEMA,
        /** The header is fine but the body does not decode with the writer schema (truncated, corrupt). */
        CORRUPT_BODY
    }

    private final Kind kind;

    public UndecodableRecordException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
