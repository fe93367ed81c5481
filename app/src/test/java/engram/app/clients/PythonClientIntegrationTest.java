package engram.app.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.config.TopicSettings;
import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.FreePorts;
import engram.app.testing.CommittedRecords;
import engram.app.testing.RunningService;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.serde.AvroCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python example of docs/clients.md ({@code clients/python/engram_example.py}, Debian's python3-confluent-kafka
 * and python3-avro) against the real broker and service: it checks the shipped fingerprints against its own
 * canonical form, publishes a news item, reads the version events it made, asks a question and reads the answer.
 * What it printed is checked against what Java reads from the same topics. Skipped, and said so on stderr, where
 * no Python has both packages (.ci/run installs them).
 */
class PythonClientIntegrationTest {
    private static final Path EXAMPLE = Path.of("../clients/python").toAbsolutePath().normalize();
    private static final Pattern PUBLISHED = Pattern.compile(
            "published news (example-\\w+) to engram\\.news partition (\\d+) offset (\\d+)");
    private static final Pattern VERSION = Pattern.compile(
            "version (\\d+) of memory python-client: update (\\S+), (\\d+) tokens, pool checksum (\\S+)");
    private static final Pattern ANSWER = Pattern.compile("answer OK at version (\\d+): (.*)");

    @TempDir
    Path dir;

    @Test
    void publishesNewsReadsItsVersionsAndTheAnswer() throws Exception {
        String python = pythonWithKafkaAndAvro().orElse(null);
        if (python == null) {
            String why = "SKIPPED: no python3 with confluent_kafka and avro (apt-get install python3-confluent-kafka"
                    + " python3-avro): the Python client example is NOT tested";
            System.err.println("*** " + why);
            Assumptions.abort(why);
        }
        try (EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start();
             RunningService service = RunningService.start(Map.of(
                     "engram.kafka.bootstrap-servers", broker.bootstrapServers(),
                     "engram.state-dir", dir.resolve("streams").toString(),
                     "micronaut.server.port", -1))) {
            ProcessBuilder example = new ProcessBuilder(python, "engram_example.py", "--bootstrap",
                    broker.bootstrapServers(), "--memory", "python-client", "--timeout", "60")
                    .directory(EXAMPLE.toFile()).redirectErrorStream(true);
            example.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
            Process p = example.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example hung");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print(out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("fingerprints: 7 released schemas agree with their canonical form"), out);

            Matcher published = find(PUBLISHED, out);
            int partitions = TopicSettings.CLUSTER_PARTITIONS;
            assertEquals(Utils.toPositive(Utils.murmur2("python-client".getBytes(StandardCharsets.UTF_8))) % partitions,
                    Integer.parseInt(published.group(2)), "keyed with the Java client's partitioner (murmur2), as"
                    + " the query must be to reach the task that owns its memory");
            List<NewsArticle> news = CommittedRecords.read(broker.bootstrapServers(), "engram.news", new AvroCodec<>(NewsArticle.class));
            assertEquals(1, news.size(), "what Java reads of the news topic");
            assertEquals(published.group(1), news.get(0).getId());
            assertEquals("The harbour of Velmora reopened on Tuesday under its new director, Anika Sorel.",
                    news.get(0).getBody());

            Matcher version = find(VERSION, out);
            List<MemoryVersion> versions = CommittedRecords.read(broker.bootstrapServers(), "engram.versions", new AvroCodec<>(MemoryVersion.class));
            assertEquals(1, versions.size(), "one chunk, one version: " + versions);
            MemoryVersion v = versions.get(0);
            assertEquals(v.getVersion(), Long.parseLong(version.group(1)));
            assertEquals(v.getUpdateId(), version.group(2));
            assertEquals("engram.news:" + published.group(2) + ":" + published.group(3) + ":0/1", v.getUpdateId());
            assertEquals(v.getPoolChecksum(), version.group(4), "the checksum the Python client decoded");

            Matcher answer = find(ANSWER, out);
            assertEquals("1", answer.group(1));
            assertTrue(answer.group(2).contains("Anika Sorel"), "the word engine answers with the remembered sentence: "
                    + out);
        }
    }

    private static Matcher find(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        assertTrue(m.find(), () -> "no line matching " + pattern + " in:\n" + out);
        return m;
    }

    /** Debian's python3 first (the packages are installed for it), then whatever python3 is on the PATH. */
    private static Optional<String> pythonWithKafkaAndAvro() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import confluent_kafka, avro")
                        .redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        return Optional.empty();
    }
}
