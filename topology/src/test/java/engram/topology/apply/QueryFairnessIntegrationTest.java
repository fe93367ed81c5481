package engram.topology.apply;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.serde.AvroCodec;
import engram.topology.TopicSetup;
import engram.topology.TopologyConfig;
import engram.topology.Topics;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.RunningStreams;
import engram.topology.testing.TestEngines;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A question sent behind a long backlog of expensive updates is answered while the backlog is still being
 * applied, not after it: the queries-first policy on a real broker.
 */
class QueryFairnessIntegrationTest {

    private static final int BACKLOG = 60;
    private static final long UPDATE_MILLIS = 100;
    /**
     * Updates that may be applied between our look at the versions topic and the answer: versions become visible
     * at commits (after a round), and the query waits for at most the rest of a round (250 ms) and one update.
     */
    private static final int SLACK = 12;

    @Test
    void aQueryDoesNotWaitForTheWholeUpdateBacklog() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-fair");
        RecordingMemoryEngine engine = TestEngines.recording().withSimulatedUpdateCost(UPDATE_MILLIS);
        try (Admin admin = broker.admin()) {
            TopicSetup.ensure(admin, config);
        }
        Topics t = config.topics();
        try (RunningStreams streams = new RunningStreams(config, engine, broker.bootstrapServers());
             KafkaTestBroker.TopicReader updates = broker.reader(t.updates());
             KafkaTestBroker.TopicReader versions = broker.reader(t.versions());
             KafkaTestBroker.TopicReader answers = broker.reader(t.answers())) {
            broker.send(t.news(), key("first"), bytes(news("first", "busy", "", "The ferry to Olm leaves at noon.")));
            versions.until(records -> !records.isEmpty(), Duration.ofSeconds(60), "the first version");
            for (int i = 0; i < BACKLOG; i++) {
                broker.send(t.news(), key("n" + i), bytes(news("n" + i, "busy", "", "Backlog item " + i
                        + " is about the weather in Olm, which was mild.")));
            }
            // the whole backlog is on the updates topic (and so fetchable by the apply task) before the question
            updates.until(records -> records.size() >= BACKLOG + 1, Duration.ofSeconds(60), "the whole backlog");
            int appliedWhenAsked = versions.drain(Duration.ofMillis(200)).size();
            long asked = System.nanoTime();
            broker.send(t.queries(), key("busy"), bytes(query("q", "busy", "When does the ferry to Olm leave?")));
            Answer answer = new AvroCodec<>(Answer.class).decode(answers.until(records -> !records.isEmpty(),
                    Duration.ofSeconds(60), "the answer").get(0).value());
            long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(AnswerStatus.OK, answer.getStatus(), String.valueOf(answer.getReason()));
            assertTrue(answer.getAnswer().contains("noon"), answer.getAnswer());
            // versions are announced at each commit (100 ms), so a few more may have been applied than we saw
            assertTrue(answer.getMemoryVersion() <= appliedWhenAsked + SLACK
                            && answer.getMemoryVersion() < BACKLOG - 10,
                    "the query waited for the backlog: asked when " + appliedWhenAsked + " of " + (BACKLOG + 1)
                            + " updates were applied, answered at version " + answer.getMemoryVersion());
            System.out.printf("query behind a backlog of %d updates x %d ms: asked at version %d, answered after %d ms"
                    + " at version %d%n", BACKLOG, UPDATE_MILLIS, appliedWhenAsked, waitedMillis,
                    answer.getMemoryVersion());
            versions.until(records -> records.size() >= BACKLOG + 1, Duration.ofSeconds(60), "the whole backlog");
        }
    }
}
