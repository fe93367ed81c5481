package engram.topology.validate;

import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.ReleasedSchemas;
import engram.schemas.serde.UndecodableRecordException;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the raw bytes of one feed record into a {@link FeedItem}, or says exactly why it cannot.
 *
 * <p>Checks, in order: size limit (before decoding), Avro single-object decoding, strict UTF-8 of every string,
 * then the record's own rules ({@link #toItem}). Every failure is an {@link InvalidRecordException} whose kind
 * becomes the dead letter's {@code errorKind}.
 */
public abstract class FeedParser<T extends SpecificRecord> {

    private final AvroCodec<T> codec;
    private final StrictUtf8 strictUtf8;
    private final int maxRecordBytes;

    protected FeedParser(Class<T> type, int maxRecordBytes) {
        this.codec = new AvroCodec<>(type);
        this.maxRecordBytes = maxRecordBytes;
        List<Schema> writers = new ArrayList<>(ReleasedSchemas.versionsOf(codec.schema().getName()));
        writers.add(codec.schema());
        this.strictUtf8 = new StrictUtf8(writers);
    }

    public final FeedItem parse(byte[] value) {
        T record = decode(value, codec, strictUtf8, maxRecordBytes);
        return toItem(record);
    }

    /** The checks shared by every input type; exposed for the query flow. */
    public static <R extends SpecificRecord> R decode(byte[] value, AvroCodec<R> codec, StrictUtf8 strictUtf8,
                                                      int maxRecordBytes) {
        if (value != null && value.length > maxRecordBytes) {
            throw new InvalidRecordException(ErrorKind.TOO_LARGE, "record is " + value.length
                    + " bytes, more than the limit of " + maxRecordBytes + " bytes");
        }
        R record;
        try {
            record = codec.decode(value);
        } catch (UndecodableRecordException e) {
            throw new InvalidRecordException(ErrorKind.UNDECODABLE, e.getMessage());
        }
        strictUtf8.firstMalformedString(value).ifPresent(problem -> {
            throw new InvalidRecordException(ErrorKind.INVALID_UTF8, problem);
        });
        return record;
    }

    /** The record's own rules: required fields, memory id syntax, non-empty text. */
    protected abstract FeedItem toItem(T record);

    protected static void requireMemoryId(String memoryId) {
        if (!MemoryIds.isValid(memoryId)) {
            throw new InvalidRecordException(ErrorKind.BAD_MEMORY_ID, MemoryIds.describeProblem(memoryId));
        }
    }

    protected static void requireNonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(ErrorKind.MISSING_FIELD, field + " is empty");
        }
    }

    protected static void requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidRecordException(ErrorKind.EMPTY_TEXT, what + " is empty after trimming whitespace");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new InvalidRecordException(ErrorKind.INVALID_FIELD, what + " contains a NUL character");
        }
    }
}
