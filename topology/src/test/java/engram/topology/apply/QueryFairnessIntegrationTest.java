package engram.topology.apply;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.key;
import static engram.topology.testing.Records.news;
import static engram.topology.testing.Records.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.MemoryUpdate;
import engram.schemas.Query;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import engram.schemas.serde.AvroCodec;
import engram.topology.TopologyConfig;
import engram.topology.Topics;
import engram.topology.ingest.UpdateIds;
import engram.topology.testing.KafkaTestBroker;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.RunningStreams;
import engram.topology.testing.TestEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A question sent behind a long backlog of expensive updates is answered while the backlog is still being
 * applied, not after it: the apply-rounds policy on a real broker. (With a round budget longer than the backlog,
 * the same test fails: the query then waits for the whole backlog.)
 */
class QueryFairnessIntegrationTest {

    private static final int BACKLOG = 60;
    private static final long UPDATE_MILLIS = 100;
    /**
     * Updates that may be applied between our look at the versions topic and the query being answered: versions
     * become visible at the commit after a round, and the query waits for at most the rest of a round (250 ms) and
     * one update, plus a poll.
     */
    private static final int SLACK = 10;

    @Test
    void aQueryDoesNotWaitForTheWholeUpdateBacklog() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        TopologyConfig config = TopologyConfig.defaults().withPrefix("it-fair");
        RecordingMemoryEngine engine = TestEngines.recording().withSimulatedUpdateCost(UPDATE_MILLIS);
        broker.ensureTopics(config);
        Topics t = config.topics();
        AvroCodec<MemoryUpdate> updates = new AvroCodec<>(MemoryUpdate.class);
        try (RunningStreams streams = new RunningStreams(config, engine, broker.bootstrapServers());
             KafkaTestBroker.TopicReader versions = broker.reader(t.versions());
             KafkaTestBroker.TopicReader answers = broker.reader(t.answers())) {
            broker.send(t.news(), key("first"), bytes(news("first", "busy", "", "The ferry to Olm leaves at noon.")));
            versions.until(records -> !records.isEmpty(), Duration.ofSeconds(60), "the first version");
            // the backlog goes straight onto the update log, as a burst of ingested feeds would put it there
            for (int i = 0; i < BACKLOG; i++) {
                String text = "Backlog item " + i + " is about the weather in Olm, which was mild.";
                SourceCoordinates source = new SourceCoordinates("backlog.feed", 0, (long) i);
                MemoryUpdate update = MemoryUpdate.newBuilder().setUpdateId(UpdateIds.of(source, 0, 1))
                        .setMemoryId("busy").setSource(source).setSourceKind(SourceKind.NEWS).setSourceId("b" + i)
                        .setChunkIndex(0).setChunkCount(1).setText(text)
                        .setTokenIds(Arrays.stream(engine.encode(text).ids()).boxed().toList())
                        .setTokenizerId(engine.tokenizerId()).setModelId(engine.modelId())
                        .setCreatedAt(Instant.now()).build();
                broker.send(t.updates(), key("busy"), updates.encode(update));
            }
            versions.until(records -> records.size() >= 5, Duration.ofSeconds(60), "the backlog to be under way");

            int appliedWhenAsked = versions.drain(Duration.ofMillis(100)).size();
            long asked = System.nanoTime();
            Query question = query("q", "busy", "When does the ferry to Olm leave?");
            question.setCreatedAt(Instant.now());
            broker.send(t.queries(), key("busy"), bytes(question));
            Answer answer = new AvroCodec<>(Answer.class).decode(answers.until(records -> !records.isEmpty(),
                    Duration.ofSeconds(60), "the answer").get(0).value());
            long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
            int announcedWhenAnswered = versions.drain(Duration.ofMillis(50)).size();
            System.out.printf("query behind a backlog of %d updates x %d ms: asked at version %d, answered at version"
                    + " %d, %d ms after it was sent (%d ms until it was processed), %d versions announced by then%n", BACKLOG,
                    UPDATE_MILLIS, appliedWhenAsked, answer.getMemoryVersion(), waitedMillis, answer.getLatencyMillis(),
                    announcedWhenAnswered);
            assertEquals(AnswerStatus.OK, answer.getStatus(), String.valueOf(answer.getReason()));
            assertTrue(answer.getAnswer().contains("noon"), answer.getAnswer());
            assertTrue(answer.getMemoryVersion() <= appliedWhenAsked + SLACK, "the query waited for the backlog:"
                    + " asked when " + appliedWhenAsked + " of " + (BACKLOG + 1) + " versions were announced,"
                    + " answered at version " + answer.getMemoryVersion());
            assertTrue(announcedWhenAnswered < BACKLOG + 1 - 20, "the answer only arrived after the backlog: "
                    + announcedWhenAnswered + " of " + (BACKLOG + 1) + " versions were announced by then");
            versions.until(records -> records.size() >= BACKLOG + 1, Duration.ofSeconds(60), "the whole backlog");
        }
    }
}
