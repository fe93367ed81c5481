package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.engine.MemoryLLMEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools at an earlier version for as-of questions: rebuilt from the nearest snapshot, or refused in time. */
class AsOfPoolsIntegrationTest {

    private static ServiceHistory history;
    private static MemoryLLMEngine engine;
    private static Replayer replayer;
    private static Path snapshotsDir;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        history = ServiceHistory.shared();
        engine = TinyMemoryLLM.engine(history.modelDir);
        snapshotsDir = dir.resolve("snapshots");
        replayer = new Replayer(engine, logs(), new SnapshotStore(engine, snapshotsDir, 5));
        replayer.replay(ReplayRequest.of(MEMORY).withToVersion(400).withVerify(false)
                .writingSnapshots(SnapshotPolicy.everyUpdates(400))).pool().close();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static LogAccess logs() {
        return LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
    }

    @Test
    void anEarlierVersionIsRebuiltFromTheNearestSnapshot() {
        AsOfPools asOf = new AsOfPools(replayer, false, Duration.ofMillis(1));
        AsOfPools.AsOf at750 = asOf.poolAt(MEMORY, 750, Instant.now().plusSeconds(60));
        assertFalse(at750.rejected(), at750.rejection());
        try {
            assertEquals(750, at750.pool().version());
            assertEquals(history.versions.get(750L).getPoolChecksum(), at750.pool().checksum());
            assertEquals(350, at750.replayed(), "from the snapshot of version 400");
        } finally {
            at750.pool().close();
        }
    }

    @Test
    void theCurrentVersionIsACopyAndAFutureOneIsRefused() {
        try (MemoryLLMEngine service = TinyMemoryLLM.engine(history.modelDir)) {
            Replayer servicesReplayer = new Replayer(service, logs(), new SnapshotStore(service, snapshotsDir, 5));
            SnapshotRestore at400 = servicesReplayer.snapshots().restoreAtOrBefore(MEMORY, 400);
            service.install(MEMORY, at400.pool());
            AsOfPools asOf = new AsOfPools(servicesReplayer, true, Duration.ofMillis(1));
            AsOfPools.AsOf current = asOf.poolAt(MEMORY, 400, null);
            try {
                assertEquals(0, current.replayed());
                assertEquals(service.pool(MEMORY).checksum(), current.pool().checksum());
                assertTrue(current.pool() != service.pool(MEMORY), "a copy, not the live pool");
            } finally {
                current.pool().close();
            }
            AsOfPools.AsOf future = asOf.poolAt(MEMORY, 401, null);
            assertTrue(future.rejected());
            assertTrue(future.rejection().contains("does not exist yet"), future.rejection());
        }
    }

    @Test
    void aRebuildThatCannotMeetTheDeadlineIsRefusedWithAReason() {
        AsOfPools slow = new AsOfPools(replayer, false, Duration.ofSeconds(1));
        AsOfPools.AsOf refused = slow.poolAt(MEMORY, 900, Instant.now().plusSeconds(5));
        assertTrue(refused.rejected());
        assertTrue(refused.rejection().contains("needs 500 updates from the snapshot of version 400"),
                refused.rejection());

        AsOfPools fast = new AsOfPools(replayer, false, Duration.ofNanos(1));
        AsOfPools.AsOf late = fast.poolAt(MEMORY, 900, Instant.now().minusMillis(1));
        assertTrue(late.rejected());
        assertTrue(late.rejection().contains("deadline"), late.rejection());
        assertTrue(fast.poolAt(MEMORY, -1, null).rejected());
        AsOfPools.AsOf beyond = fast.poolAt(MEMORY, 5000, null);
        assertTrue(beyond.rejected());
        assertTrue(beyond.rejection().contains("holds"), beyond.rejection());
    }
}
