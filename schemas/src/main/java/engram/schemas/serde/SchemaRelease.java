package engram.schemas.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Records the current schemas as a new release in {@code schemas/compat/<release>/}, self-contained, and appends
 * the release to {@code releases.txt} and its fingerprints to {@code fingerprints.txt}. Run it when a changed schema
 * ships:
 * {@code java -cp ... engram.schemas.serde.SchemaRelease schemas/compat v2}. The compatibility test then checks
 * the current schemas against every release, both directions.
 */
public final class SchemaRelease {
    /** Every top-level record that travels on a topic. */
    public static final List<Schema> CURRENT = List.of(
            engram.schemas.NewsArticle.getClassSchema(),
            engram.schemas.ConversationTurn.getClassSchema(),
            engram.schemas.MemoryUpdate.getClassSchema(),
            engram.schemas.MemoryVersion.getClassSchema(),
            engram.schemas.Query.getClassSchema(),
            engram.schemas.Answer.getClassSchema(),
            engram.schemas.DeadLetter.getClassSchema());

    private SchemaRelease() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SchemaRelease <compat-dir> <release-name>");
            System.exit(2);
        }
        Path compat = Path.of(args[0]);
        String release = args[1];
        Path dir = compat.resolve(release);
        if (Files.exists(dir)) {
            System.err.println("release " + release + " already exists in " + compat + ": releases are immutable");
            System.exit(1);
        }
        Files.createDirectories(dir);
        for (Schema schema : CURRENT) {
            Files.writeString(dir.resolve(schema.getName() + ".avsc"), schema.toString(true) + "\n",
                    StandardCharsets.UTF_8);
        }
        Files.writeString(compat.resolve("releases.txt"), release + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        SchemaFingerprints.write(compat);
        System.out.println("recorded " + CURRENT.size() + " schemas as release " + release + " in " + dir
                + "; their fingerprints in " + compat.resolve(SchemaFingerprints.FILE));
    }
}
