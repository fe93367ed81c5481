package engram.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The schemas of every released version, shipped on the classpath from {@code schemas/compat/}.
 *
 * <p>Single-object encoding names the writer schema only by its fingerprint, so a reader can decode a
 * message only if it knows that writer schema. Keeping every released version here is what lets a new
 * reader consume records written by an old producer (and replay an old audit log).
 *
 * <p>Layout: {@code engram/schemas/compat/v<N>/<RecordName>.avsc}, each file self-contained (nested named
 * types inlined), listed in {@code engram/schemas/compat/releases.txt} one release per line, oldest first.
 */
public final class ReleasedSchemas {
    static final String ROOT = "/engram/schemas/compat/";

    private ReleasedSchemas() {}

    /** The release names, oldest first (e.g. {@code v1}). */
    public static List<String> releases() {
        String index = read(ROOT + "releases.txt");
        if (index == null) {
            throw new IllegalStateException("schemas/compat/releases.txt is missing from the classpath");
        }
        List<String> out = new ArrayList<>();
        for (String line : index.split("\n")) {
            String release = line.strip();
            if (!release.isEmpty() && !release.startsWith("#")) {
                out.add(release);
            }
        }
        return out;
    }

    /** Every released version of the record with this simple name, oldest first (absent releases skipped). */
    public static List<Schema> versionsOf(String recordName) {
        List<Schema> out = new ArrayList<>();
        for (String release : releases()) {
            String json = read(ROOT + release + "/" + recordName + ".avsc");
            if (json != null) {
                out.add(new Schema.Parser().parse(json));
            }
        }
        return out;
    }

    /** The schema of {@code recordName} as released in {@code release}, if that release has it. */
    public static Optional<Schema> of(String release, String recordName) {
        String json = read(ROOT + release + "/" + recordName + ".avsc");
        return json == null ? Optional.empty() : Optional.of(new Schema.Parser().parse(json));
    }

    private static String read(String resource) {
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
