package engram.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one record type: a 2-byte marker, the 8-byte CRC-64-AVRO fingerprint of
 * the writer schema, then the binary body. No schema registry is needed: the decoder knows every released
 * version of the schema ({@link ReleasedSchemas}) and resolves old or new writers to the current reader.
 *
 * <p>Thread-safe: Avro's message encoder/decoder are.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroCodec(Class<T> type) {
        this(type, java.util.List.of());
    }

    /**
     * @param extraWriterSchemas writer schemas to accept besides the released ones (tests of schema evolution,
     *     or a deployment that must read a producer's not-yet-released schema)
     */
    public AvroCodec(Class<T> type, java.util.Collection<Schema> extraWriterSchemas) {
        TrustedPackages.ensureTrusted();
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema released : ReleasedSchemas.versionsOf(schema.getName())) {
            decoder.addSchema(released);
        }
        extraWriterSchemas.forEach(decoder::addSchema);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /** The fingerprint written in every message header by this codec. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message or throws {@link UndecodableRecordException} with the reason; never returns null.
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableRecordException(UndecodableRecordException.Kind.EMPTY,
                    "no bytes where a " + schema.getName() + " was expected", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Kind.BAD_HEADER,
                    "not an Avro single-object encoded " + schema.getName() + " (" + e.getMessage() + ")", e);
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Kind.UNKNOWN_SCHEMA,
                    "writer schema is not a released version of " + schema.getName() + " (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            // Avro reports truncated or corrupt bodies as EOFException, AvroRuntimeException,
            // ArrayIndexOutOfBounds or negative-length errors: all mean the same thing to us.
            throw new UndecodableRecordException(UndecodableRecordException.Kind.CORRUPT_BODY,
                    schema.getName() + " body does not decode: " + e, e);
        }
    }
}
