package engram.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import engram.app.api.MemoryView;
import engram.app.metrics.EngramMetrics;
import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLedgerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryLedger ledger = new MemoryLedger(new EngramMetrics(registry));

    private static MemoryUpdate update(String memory, long sourceOffset, int chunk) {
        return MemoryUpdate.newBuilder().setUpdateId("u" + sourceOffset + "." + chunk).setMemoryId(memory)
                .setSource(new SourceCoordinates("engram.news", 0, sourceOffset)).setSourceKind(SourceKind.NEWS)
                .setSourceId("a" + sourceOffset).setChunkIndex(chunk).setChunkCount(2).setText("t")
                .setTokenIds(List.of(1, 2)).setTokenizerId("tok").setModelId("m").setCreatedAt(Instant.EPOCH).build();
    }

    private static MemoryVersion version(String memory, long v) {
        return MemoryVersion.newBuilder().setMemoryId(memory).setVersion(v).setUpdateId("u").setSourceId("s")
                .setUpdateLog(new SourceCoordinates("engram.updates", 0, v - 1))
                .setSource(new SourceCoordinates("engram.news", 0, v)).setTokenCount(2).setDropSeed(v)
                .setPoolChecksum("c" + v).setModelId("m").setAppliedAt(Instant.ofEpochMilli(1000 * v))
                .setDurationMicros(1500).build();
    }

    private static Answer answer(String memory, AnswerStatus status) {
        return Answer.newBuilder().setRequestId("r").setMemoryId(memory).setStatus(status).setAnswer("a")
                .setMemoryVersion(1L).setLatencyMillis(40).setAnsweredAt(Instant.EPOCH).build();
    }

    @Test
    void lagIsUpdatesLoggedMinusTheLatestVersion() {
        ledger.updateLogged(update("m", 10, 0));
        ledger.updateLogged(update("m", 10, 1));
        ledger.updateLogged(update("m", 11, 0));
        ledger.versionApplied(version("m", 1), true);
        MemoryView m = ledger.memories().get(0);
        assertEquals(3, m.updatesLogged());
        assertEquals(1, m.version());
        assertEquals(2, m.lag());
        assertEquals("c1", m.poolChecksum());
        assertEquals(2.0, registry.get("engram.memory.lag").tag("memory", "m").gauge().value());
        assertEquals(1.0, registry.get("engram.pool.version").tag("memory", "m").gauge().value());
    }

    @Test
    void aRedeliveredChunkIsNotCountedTwice() {
        ledger.updateLogged(update("m", 10, 0));
        ledger.updateLogged(update("m", 10, 1));
        ledger.updateLogged(update("m", 10, 0)); // same source coordinates again
        ledger.updateLogged(update("m", 10, 1));
        assertEquals(2, ledger.memories().get(0).updatesLogged());
    }

    @Test
    void historyRebuildsStateButOnlyLiveEventsCount() {
        ledger.versionApplied(version("m", 1), false);
        ledger.versionApplied(version("m", 2), true);
        ledger.answered(answer("m", AnswerStatus.OK), false);
        ledger.answered(answer("m", AnswerStatus.REJECTED), true);
        assertEquals(2, ledger.memories().get(0).version());
        assertEquals(1.0, registry.get("engram.updates.applied").tag("memory", "m").counter().count());
        assertEquals(1, registry.get("engram.update.latency").tag("memory", "m").timer().count());
        assertNull(registry.find("engram.queries").tag("status", "OK").counter());
        assertEquals(1.0, registry.get("engram.queries").tag("status", "REJECTED").counter().count());
        assertEquals(2, ledger.recentAnswers().size(), "history answers are still shown");
    }

    @Test
    void recentListsAreBounded() {
        for (int v = 1; v <= 250; v++) {
            ledger.versionApplied(version("m", v), false);
            ledger.answered(answer("m", AnswerStatus.OK), false);
        }
        assertEquals(200, ledger.recentVersions("m").size());
        assertEquals(51, ledger.recentVersions("m").get(0).version(), "oldest first, the latest 200 kept");
        assertEquals(20, ledger.recentAnswers().size());
        assertEquals(List.of(), ledger.recentVersions("unknown"));
    }
}
