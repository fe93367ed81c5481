package engram.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.NewsArticle;
import engram.schemas.Query;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas/compat/fingerprints.txt} is what clients in other languages encode with (docs/clients.md): it
 * must list every released schema with the fingerprint Engram decodes by, and the header bytes it writes.
 */
class SchemaFingerprintsTest {
    private static final Path COMPAT = Path.of("compat"); // the schemas module's folder (surefire runs there)

    @Test
    void theShippedFileIsUpToDate() throws Exception {
        String shipped = Files.readString(COMPAT.resolve(SchemaFingerprints.FILE), StandardCharsets.UTF_8);
        assertEquals(SchemaFingerprints.render(COMPAT), shipped, "schemas/compat/fingerprints.txt is stale: run "
                + "java -cp ... engram.schemas.serde.SchemaFingerprints schemas/compat (README, schema evolution)");
    }

    @Test
    void everyReleasedSchemaIsListedWithTheFingerprintTheDecoderAccepts() throws Exception {
        String[] rows = Files.readAllLines(COMPAT.resolve(SchemaFingerprints.FILE)).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank()).toArray(String[]::new);
        int expected = 0;
        for (String release : ReleasedSchemas.releases()) {
            for (Schema current : SchemaRelease.CURRENT) {
                var schema = ReleasedSchemas.of(release, current.getName());
                if (schema.isEmpty()) {
                    continue;
                }
                long fingerprint = SchemaNormalization.parsingFingerprint64(schema.get());
                String row = rows[expected++];
                String[] columns = row.split("\\s+");
                assertEquals(release, columns[0], row);
                assertEquals(current.getName(), columns[1], row);
                assertEquals(fingerprint, Long.parseUnsignedLong(columns[2], 16), row);
            }
        }
        assertEquals(expected, rows.length, "one row per released schema");
        assertTrue(expected >= SchemaRelease.CURRENT.size(), "every record is released at least once");
    }

    /** docs/clients.md spells out the bytes of one Query; they must be what Engram's codec writes. */
    @Test
    void theClientGuidesWorkedExampleIsWhatTheCodecWrites() throws Exception {
        String guide = Files.readString(Path.of("../docs/clients.md"), StandardCharsets.UTF_8);
        int start = guide.indexOf("```", guide.indexOf("is these 35 bytes:")) + 3;
        StringBuilder hex = new StringBuilder();
        for (String line : guide.substring(start, guide.indexOf("```", start)).strip().split("\n")) {
            hex.append(line.split("\s{2,}")[0].replace(" ", "")); // the bytes, before the explanation
        }
        Query query = Query.newBuilder().setRequestId("r1").setMemoryId("default").setQuestion("Who?")
                .setMaxNewTokens(32).setAsOfVersion(null).setDeadline(null)
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
        byte[] encoded = new AvroCodec<>(Query.class).encode(query);
        assertEquals(35, encoded.length);
        assertEquals(HexFormat.of().formatHex(encoded), hex.toString());
    }

    @Test
    void theHeaderColumnIsHowTheCodecOpensEveryValue() {
        AvroCodec<NewsArticle> codec = new AvroCodec<>(NewsArticle.class);
        byte[] encoded = codec.encode(SampleRecords.article(true));
        String header = SchemaFingerprints.header(codec.fingerprint());
        assertArrayEquals(HexFormat.of().parseHex(header), Arrays.copyOf(encoded, 10), header);
    }
}
