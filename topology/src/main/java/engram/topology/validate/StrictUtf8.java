package engram.topology.validate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Finds string fields whose bytes are not valid UTF-8 in an Avro single-object encoded record.
 *
 * <p>Avro decodes strings leniently: malformed bytes silently become U+FFFD, so a record with broken text
 * would be learned as replacement characters. This check reads the raw body again with the writer schema
 * (found by the fingerprint in the header) and decodes every string strictly.
 */
public final class StrictUtf8 {

    private static final int HEADER_BYTES = 10;

    private final List<Schema> writerSchemas;

    /** @param writerSchemas every schema a record of this type may have been written with */
    public StrictUtf8(List<Schema> writerSchemas) {
        this.writerSchemas = List.copyOf(writerSchemas);
    }

    /**
     * @param singleObject bytes that already decoded successfully as a single-object record
     * @return a description of the first malformed string, or empty when every string is valid UTF-8
     */
    public Optional<String> firstMalformedString(byte[] singleObject) {
        Schema writer = writerOf(singleObject);
        if (writer == null) {
            return Optional.empty(); // the codec resolved it, so it is not ours to judge here
        }
        List<String> problems = new ArrayList<>(1);
        GenericDatumReader<Object> reader = new CheckingReader(writer, problems);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(singleObject, HEADER_BYTES, singleObject.length - HEADER_BYTES, null);
        try {
            reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the body already decoded once; a second reading cannot fail differently
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
    }

    private Schema writerOf(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            return null;
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (Schema schema : writerSchemas) {
            if (SchemaNormalization.parsingFingerprint64(schema) == fingerprint) {
                return schema;
            }
        }
        return null;
    }

    /** Reads strings as raw UTF-8 bytes and records the first one that does not decode strictly. */
    private static final class CheckingReader extends GenericDatumReader<Object> {
        private final List<String> problems;

        CheckingReader(Schema schema, List<String> problems) {
            super(schema, schema, slowReaderData());
            this.problems = problems;
        }

        /** Avro's default fast reader bypasses {@link #readString}; the plain reader calls it for every string. */
        private static GenericData slowReaderData() {
            GenericData data = new GenericData();
            data.setFastReaderEnabled(false);
            return data;
        }

        @Override
        protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
            Utf8 raw = in.readString(null);
            if (problems.isEmpty()) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(raw.getBytes(), 0, raw.getByteLength()));
                } catch (CharacterCodingException e) {
                    String lenient = new String(raw.getBytes(), 0, raw.getByteLength(), StandardCharsets.UTF_8);
                    problems.add("a " + raw.getByteLength() + "-byte string is not valid UTF-8 ("
                            + e.getClass().getSimpleName() + "), read leniently as: \""
                            + (lenient.length() > 60 ? lenient.substring(0, 60) + "..." : lenient) + "\"");
                }
            }
            return raw;
        }
    }
}
