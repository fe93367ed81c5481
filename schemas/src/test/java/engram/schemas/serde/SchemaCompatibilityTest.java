package engram.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import engram.schemas.NewsArticle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution is part of the contract: the current schema of every event must read data written by every
 * released version (backward) and every released reader must read data written now (forward).
 */
class SchemaCompatibilityTest {

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    @Test
    void everyCurrentSchemaIsBackwardAndForwardCompatibleWithEveryRelease() {
        assertFalse(ReleasedSchemas.releases().isEmpty(), "schemas/compat must hold at least one release");
        for (Schema current : SchemaRelease.CURRENT) {
            List<Schema> released = ReleasedSchemas.versionsOf(current.getName());
            assertFalse(released.isEmpty(), current.getName() + " has never been released");
            for (Schema old : released) {
                assertTrue(compatible(current, old), "current " + current.getName() + " cannot read a released writer: "
                        + SchemaCompatibility.checkReaderWriterCompatibility(current, old).getResult());
                assertTrue(compatible(old, current), "a released " + current.getName() + " reader cannot read current data: "
                        + SchemaCompatibility.checkReaderWriterCompatibility(old, current).getResult());
            }
        }
    }

    @Test
    void theCurrentSchemaIsRecordedAsARelease() {
        // Single-object decoding finds the writer schema by fingerprint: an unreleased change would make data
        // written by this build unreadable to other readers. Record it with SchemaRelease (see its javadoc).
        for (Schema current : SchemaRelease.CURRENT) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            boolean recorded = ReleasedSchemas.versionsOf(current.getName()).stream()
                    .anyMatch(s -> SchemaNormalization.parsingFingerprint64(s) == fingerprint);
            if (!recorded) {
                fail(current.getName() + " changed since the last release: run SchemaRelease schemas/compat v<next>");
            }
        }
    }

    /** NewsArticle with its fields edited: each entry of {@code changes} replaces or (if new) adds a field. */
    private static Schema newsArticleWith(Schema.Field... changes) {
        Schema current = NewsArticle.getClassSchema();
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            Schema.Field replacement = java.util.Arrays.stream(changes).filter(c -> c.name().equals(f.name()))
                    .findFirst().orElse(null);
            fields.add(replacement != null ? replacement : new Schema.Field(f, f.schema()));
        }
        for (Schema.Field c : changes) {
            if (current.getField(c.name()) == null) {
                fields.add(c);
            }
        }
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /** A plausible next version of NewsArticle: a new optional field with a default. */
    private static Schema newsArticleWithOptionalField() {
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        return newsArticleWith(new Schema.Field("category", optionalString, null, Schema.Field.NULL_DEFAULT_VALUE));
    }

    @Test
    void theCheckerRejectsABreakingChangeAndAcceptsAnAdditiveOne() {
        Schema current = NewsArticle.getClassSchema();
        Schema additive = newsArticleWithOptionalField();
        assertEquals(current.getFields().size() + 1, additive.getFields().size());
        assertTrue(compatible(additive, current) && compatible(current, additive));

        Schema requiredWithoutDefault = newsArticleWith(
                new Schema.Field("category", Schema.create(Schema.Type.STRING), null, (Object) null));
        assertFalse(compatible(requiredWithoutDefault, current), "a new required field cannot read old data");

        Schema retyped = newsArticleWith(new Schema.Field("title", Schema.create(Schema.Type.INT), null, (Object) null));
        assertEquals(Schema.Type.INT, retyped.getField("title").schema().getType());
        assertFalse(compatible(retyped, current) || compatible(current, retyped), "changing a type breaks both ways");
    }

    @Test
    void dataWrittenByAnotherVersionDecodesThroughTheCodec() throws IOException {
        Schema next = newsArticleWithOptionalField();
        assertNotEquals(SchemaNormalization.parsingFingerprint64(next),
                SchemaNormalization.parsingFingerprint64(NewsArticle.getClassSchema()));
        GenericRecord written = new GenericData.Record(next);
        NewsArticle sample = SampleRecords.article(true);
        for (Schema.Field f : NewsArticle.getClassSchema().getFields()) {
            Object value = sample.get(f.name());
            written.put(f.name(), value instanceof java.time.Instant i ? i.toEpochMilli() : value);
        }
        written.put("category", "business");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), next).encode(written, out);

        NewsArticle read = new AvroCodec<>(NewsArticle.class, List.of(next)).decode(out.toByteArray());
        assertEquals(sample, read, "the current reader ignores the field it does not know");
    }
}
