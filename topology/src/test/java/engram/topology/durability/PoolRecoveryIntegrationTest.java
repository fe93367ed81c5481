package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static engram.topology.durability.ServiceHistory.UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryLLMEngine;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart recovery: a fresh engine is brought to the version the service committed from the latest snapshot at or
 * before it, re-applying only the updates after that snapshot.
 */
class PoolRecoveryIntegrationTest {

    private static ServiceHistory history;
    private static MemoryLLMEngine builder;
    private static Path snapshotsDir;

    @BeforeAll
    static void snapshotsEvery400(@TempDir Path dir) throws Exception {
        history = ServiceHistory.shared();
        builder = TinyMemoryLLM.engine(history.modelDir);
        snapshotsDir = dir.resolve("snapshots");
        Replayer replayer = new Replayer(builder, logs(), new SnapshotStore(builder, snapshotsDir, 5));
        ReplayResult built = replayer.replay(ReplayRequest.of(MEMORY).withToVersion(800)
                .writingSnapshots(SnapshotPolicy.everyUpdates(400)));
        built.pool().close();
        assertEquals(List.of(800L, 400L), new SnapshotStore(builder, snapshotsDir, 5).list(MEMORY).stream()
                .map(StoredSnapshot::version).toList());
    }

    @AfterAll
    static void close() {
        builder.close();
    }

    private static LogAccess logs() {
        return LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
    }

    private static PoolRecovery recovery(MemoryLLMEngine engine, Path store) {
        return new PoolRecovery(new Replayer(engine, logs(), new SnapshotStore(engine, store, 5)), true);
    }

    @Test
    void restartReappliesOnlyTheUpdatesAfterTheLatestSnapshot() {
        try (MemoryLLMEngine restarted = TinyMemoryLLM.engine(history.modelDir)) {
            PoolRecovery.Recovered recovered = recovery(restarted, snapshotsDir).recover(MEMORY, history.committed);
            assertEquals(800, recovered.snapshotVersion());
            assertEquals(UPDATES - 800, recovered.reapplied(), "only the updates after the snapshot");
            assertEquals(UPDATES, restarted.version(MEMORY));
            assertEquals(history.versions.get((long) UPDATES).getPoolChecksum(), restarted.pool(MEMORY).checksum());
            PoolRecovery.Recovered again = recovery(restarted, snapshotsDir).recover(MEMORY, history.committed);
            assertEquals(0, again.reapplied(), "already at the committed version: nothing to do");
        }
    }

    @Test
    void aPoolAheadOfTheCommittedVersionIsRewoundFromAnOlderSnapshot() {
        // the service applied up to 1000 but its transaction for 901..1000 aborted: committed is 900
        ReplayResult at900 = new Replayer(builder, logs(), new SnapshotStore(builder, snapshotsDir, 5))
                .replay(ReplayRequest.of(MEMORY).withToVersion(900));
        MemoryState committed900 = at900.state();
        at900.pool().close();
        assertEquals(history.versions.get(900L).getUpdateId(), committed900.lastUpdateId());
        try (MemoryLLMEngine engine = TinyMemoryLLM.engine(history.modelDir)) {
            recovery(engine, snapshotsDir).recover(MEMORY, history.committed);
            assertEquals(UPDATES, engine.version(MEMORY));
            PoolRecovery.Recovered recovered = recovery(engine, snapshotsDir).recover(MEMORY, committed900);
            assertEquals(800, recovered.snapshotVersion());
            assertEquals(100, recovered.reapplied());
            assertEquals(900, engine.version(MEMORY));
            assertEquals(history.versions.get(900L).getPoolChecksum(), engine.pool(MEMORY).checksum());
        }
    }

    @Test
    void aCorruptedLatestSnapshotFallsBackToThePreviousOneAndIsReported(@TempDir Path copy) throws Exception {
        copyFolder(snapshotsDir, copy);
        SnapshotStore store = new SnapshotStore(builder, copy, 5);
        Path newest = store.fileOf(MEMORY, 800);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() - 5);
            f.write(0x7f);
        }
        try (MemoryLLMEngine restarted = TinyMemoryLLM.engine(history.modelDir)) {
            PoolRecovery.Recovered recovered = recovery(restarted, copy).recover(MEMORY, history.committed);
            assertEquals(400, recovered.snapshotVersion());
            assertEquals(UPDATES - 400, recovered.reapplied());
            assertEquals(1, recovered.snapshotsPassedOver().size());
            assertTrue(recovered.snapshotsPassedOver().get(0).contains("corrupted"),
                    recovered.snapshotsPassedOver().get(0));
            assertEquals(history.versions.get((long) UPDATES).getPoolChecksum(), restarted.pool(MEMORY).checksum());
        }
    }

    @Test
    void aCommittedStateTheLogDoesNotReproduceIsRefusedAndTheEngineKeepsItsPool() {
        MemoryState wrong = new MemoryState(history.committed.version(), "u-not-the-last",
                history.committed.appliedUpTo());
        try (MemoryLLMEngine engine = TinyMemoryLLM.engine(history.modelDir)) {
            assertThrows(PoolRecovery.RecoveryFailedException.class,
                    () -> recovery(engine, snapshotsDir).recover(MEMORY, wrong));
            assertFalse(engine.hasMemory(MEMORY), "nothing installed");
            MemoryState beyond = new MemoryState(UPDATES + 1, "u-x", history.committed.appliedUpTo());
            PoolRecovery.RecoveryFailedException e = assertThrows(PoolRecovery.RecoveryFailedException.class,
                    () -> recovery(engine, snapshotsDir).recover(MEMORY, beyond));
            assertTrue(e.getMessage().contains("LOG_ENDED") || e.getMessage().contains("MISSING_EVENT"), e.getMessage());
        }
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
