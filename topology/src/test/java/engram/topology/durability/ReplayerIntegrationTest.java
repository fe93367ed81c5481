package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static engram.topology.durability.ServiceHistory.UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.topology.engine.MemoryLLMEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audit replay against what the real service applied and announced: every checksum of a thousand versions is
 * reproduced by an independent engine, and tampering with either log is caught at the first bad version.
 */
class ReplayerIntegrationTest {

    private static ServiceHistory history;
    private static MemoryLLMEngine auditor;

    @BeforeAll
    static void setUp() throws Exception {
        history = ServiceHistory.shared();
        auditor = TinyMemoryLLM.engine(history.modelDir);
    }

    @AfterAll
    static void tearDown() {
        auditor.close();
    }

    private Replayer replayer(LogAccess logs) {
        return new Replayer(auditor, logs, null);
    }

    /** The whole replay of {@link ServiceHistory#MEMORY}, verified against the versions topic {@code versions}. */
    private ReplayResult replayAgainstVersions(String versions) {
        return replayer(logs().withTopics(history.config.topics().updates(), versions)).replay(ReplayRequest.of(MEMORY));
    }

    private LogAccess logs() {
        return LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
    }

    @Test
    void replayOfAThousandUpdatesReproducesEveryAnnouncedChecksum() {
        List<ReplayProgress> reports = new ArrayList<>();
        ReplayResult result = replayer(logs()).replay(ReplayRequest.of(MEMORY), reports::add);
        try {
            assertEquals(ReplayResult.Outcome.COMPLETE, result.outcome(), result.reason());
            assertEquals(UPDATES, result.version());
            assertEquals(UPDATES, result.verified(), "every version checked against the versions topic");
            assertEquals(UPDATES, result.applied());
            assertEquals(history.duplicatesSent, result.duplicatesSkipped());
            assertEquals(history.invalidSent, result.invalidSkipped());
            assertEquals(history.versions.get((long) UPDATES).getPoolChecksum(), result.checksum());
            assertEquals(history.committed, result.state(), "same version, last update and duplicate marks");
            assertNull(result.divergence());
            ReplayProgress last = reports.get(reports.size() - 1);
            assertEquals(UPDATES, last.version());
            assertEquals(1.0, last.fraction());
            assertTrue(result.updatesPerSecond() > 0);
            System.out.printf("replay of %d updates: %.0f updates/s%n", result.applied(), result.updatesPerSecond());
            AuditReport.lines(result).forEach(System.out::println);
        } finally {
            result.pool().close();
        }
    }

    @Test
    void replayStopsAtTheRequestedVersion() {
        ReplayResult result = replayer(logs()).replay(ReplayRequest.of(MEMORY).withToVersion(300));
        try {
            assertEquals(ReplayResult.Outcome.COMPLETE, result.outcome(), result.reason());
            assertEquals(300, result.version());
            assertEquals(history.versions.get(300L).getPoolChecksum(), result.checksum());
            assertEquals(history.applied.get(299).getUpdateId(), result.state().lastUpdateId());
        } finally {
            result.pool().close();
        }
    }

    @Test
    void aVersionPastTheEndOfTheLogIsReportedNotInvented() {
        ReplayResult result = replayer(logs()).replay(ReplayRequest.of(MEMORY).withVerify(false)
                .withToVersion(UPDATES + 5));
        try {
            assertEquals(ReplayResult.Outcome.LOG_ENDED, result.outcome());
            assertEquals(UPDATES, result.version());
            assertTrue(result.reason().contains("holds " + UPDATES + " versions"), result.reason());
        } finally {
            result.pool().close();
        }
    }

    @Test
    void aTamperedVersionEventIsReportedAtItsVersion() throws Exception {
        String fake = "sha256:" + "0".repeat(64);
        String tampered = history.versionsRewritten(".tampered", v -> {
            if (v.getMemoryId().equals(MEMORY) && v.getVersion() == 700) {
                v.setPoolChecksum(fake);
            }
        });
        ReplayResult result = replayAgainstVersions(tampered);
        try {
            assertEquals(ReplayResult.Outcome.DIVERGED, result.outcome());
            Divergence d = result.divergence();
            assertEquals(700, d.version());
            assertEquals(Divergence.Kind.CHECKSUM, d.kind());
            assertEquals(fake, d.expected());
            assertEquals(history.versions.get(700L).getPoolChecksum(), d.actual(), "the rebuilt pool is the genuine one");
            assertEquals(history.applied.get(699).getUpdateId(), d.updateId());
            assertEquals(699, result.verified());
        } finally {
            result.pool().close();
        }
    }

    @Test
    void aHistoryWrittenByAnotherModelIsReportedAsAModelChangeAtVersionOne() throws Exception {
        // what a service meets after its bundled model is replaced: every version was applied by the old model
        String other = "engram-tiny@000000000000";
        String rewritten = history.versionsRewritten(".other-model", v -> v.setModelId(other));
        ReplayResult result = replayAgainstVersions(rewritten);
        try {
            assertEquals(ReplayResult.Outcome.DIVERGED, result.outcome());
            Divergence d = result.divergence();
            assertEquals(1, d.version());
            assertEquals(Divergence.Kind.MODEL, d.kind());
            assertEquals(other, d.expected());
            assertEquals(history.versions.get(1L).getModelId(), d.actual());
            assertTrue(d.detail().contains("--model") && d.detail().contains(".engram/"), d.detail());
            assertEquals(0, result.verified());
        } finally {
            result.pool().close();
        }
    }

    @Test
    void aCorruptedUpdateIsReportedAtTheFirstVersionItChanges() throws Exception {
        String corruptedId = history.applied.get(299).getUpdateId(); // version 300
        String tampered = history.config.topics().updates() + ".tampered";
        history.copyTopic(history.config.topics().updates(), tampered, record -> {
            if (!MEMORY.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                return record;
            }
            MemoryUpdate u;
            try {
                u = ServiceHistory.UPDATE_CODEC.decode(record.value());
            } catch (RuntimeException undecodable) {
                return record;
            }
            if (!u.getUpdateId().equals(corruptedId)) {
                return record;
            }
            List<Integer> tokens = new ArrayList<>(u.getTokenIds());
            tokens.set(3, (tokens.get(3) + 1) % 256); // one token id changed: same update id, different text
            u.setTokenIds(tokens);
            return ServiceHistory.withValue(record, ServiceHistory.UPDATE_CODEC.encode(u));
        });
        ReplayResult result = replayer(logs().withTopics(tampered, history.config.topics().versions()))
                .replay(ReplayRequest.of(MEMORY));
        try {
            assertEquals(ReplayResult.Outcome.DIVERGED, result.outcome());
            assertEquals(300, result.divergence().version());
            assertEquals(Divergence.Kind.CHECKSUM, result.divergence().kind());
            assertEquals(corruptedId, result.divergence().updateId());
            assertEquals(history.versions.get(300L).getPoolChecksum(), result.divergence().expected());
            assertNotEquals(result.divergence().expected(), result.divergence().actual());
        } finally {
            result.pool().close();
        }
    }
}
