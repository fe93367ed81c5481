package engram.topology.durability;

import static engram.topology.durability.RecordedHistory.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.MemoryUpdate;
import engram.topology.apply.Durability;
import engram.topology.apply.MemoryState;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.PoolHandle;
import engram.topology.engine.UpdateInput;
import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability over the recording engine, whose pool is a hash chain of its updates: snapshots, recovery, replay,
 * as-of and forgetting on a short history in the shared broker's logs, in seconds. The same parts on a real tiny
 * model and a thousand updates applied by Kafka Streams: the {@code *IntegrationTest} classes of this package.
 */
class UpdateLogDurabilityTest {

    /** Updates applied; the service snapshots every 10 and is killed at 24, so the newest snapshot is of 20. */
    private static final int UPDATES = 24;
    private static final int SNAPSHOT_EVERY = 10;

    @TempDir
    static Path dir;
    private static RecordedHistory history;

    @BeforeAll
    static void writeHistory() throws Exception {
        history = new RecordedHistory(dir.resolve("pools"), UPDATES, SNAPSHOT_EVERY);
        assertEquals(UPDATES, history.committed.version());
    }

    private static String announced(long version) {
        return history.checksums.get(version);
    }

    private static UpdateLogDurability durability(RecordingMemoryEngine engine) {
        return new UpdateLogDurability(engine, history.logs, history.snapshotDir, 3,
                SnapshotPolicy.everyUpdates(SNAPSHOT_EVERY));
    }

    @Test
    void snapshotsRoundTripThroughTheEngineAndACorruptedOneIsPassedOver(@TempDir Path folder) throws Exception {
        try (RecordingMemoryEngine engine = TestEngines.recording()) {
            SnapshotStore store = new SnapshotStore(engine, folder, 2);
            PoolHandle pool = engine.newPool(MEMORY);
            for (int v = 1; v <= 3; v++) {
                engine.selfUpdate(pool, UpdateInput.of(history.applied.get(v - 1)));
            }
            SnapshotMetadata at3 = new SnapshotMetadata(MEMORY, new LogPosition("updates", 0, 2),
                    new MemoryState(3, "news:0:2:0/1", Map.of("news:0", new MemoryState.SourcePosition(2, 0))),
                    1_700_000_000_000L, Exclusions.ofSources("article-9"), "");
            StoredSnapshot saved = store.save(pool, at3);
            StoredSnapshot read = StoredSnapshot.read(engine, saved.file());
            assertEquals(at3, read.metadata(), "Engram's metadata comes back as written");
            assertEquals(announced(3), read.checksum());
            assertEquals(RecordingMemoryEngine.MODEL_ID, read.modelId());
            try (PoolHandle restored = store.restoreAtOrBefore(MEMORY, 3).pool()) {
                assertEquals(3, restored.version());
                assertEquals(announced(3), restored.checksum());
            }

            engine.selfUpdate(pool, UpdateInput.of(history.applied.get(3)));
            store.save(pool, new SnapshotMetadata(MEMORY, new LogPosition("updates", 0, 3),
                    new MemoryState(4, "news:0:3:0/1", Map.of()), 1L, Exclusions.NONE, ""));
            changeFirstTokenId(store.fileOf(MEMORY, 4));
            SnapshotRestore restore = store.restoreAtOrBefore(MEMORY, 10);
            try (PoolHandle fallback = restore.pool()) {
                assertEquals(3, fallback.version(), "the corrupted snapshot of 4 is passed over");
                assertEquals(1, restore.rejected().size());
                assertTrue(restore.rejected().get(0).contains("corrupted"), restore.rejected().get(0));
            }
            pool.close();
        }
    }

    /** Changes one token id of the first update a recording-engine snapshot holds: the file stays readable. */
    private static void changeFirstTokenId(Path file) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = Pattern.compile("^(update \\S+ )(\\d+)(.*)$").matcher(lines.get(i));
            if (m.matches()) {
                lines.set(i, m.group(1) + (Integer.parseInt(m.group(2)) + 1) % 256 + m.group(3));
                Files.write(file, lines, StandardCharsets.UTF_8);
                return;
            }
        }
        throw new AssertionError("no update in " + file);
    }

    @Test
    void aRestartedEngineIsBroughtToTheCommittedVersionFromTheLatestSnapshot() {
        try (RecordingMemoryEngine restarted = TestEngines.recording()) {
            UpdateLogDurability durability = durability(restarted);
            PoolRecovery.Recovered recovered = durability.recover(MEMORY, history.committed);
            assertEquals(20, recovered.snapshotVersion());
            assertEquals(UPDATES - 20, recovered.reapplied(), "only the updates after the snapshot");
            assertEquals(UPDATES, restarted.version(MEMORY));
            assertEquals(announced(UPDATES), restarted.pool(MEMORY).checksum());
            assertEquals(1, durability.recoveries());

            durability.ensureAt(MEMORY, history.committed);
            assertEquals(UPDATES - 20, durability.reapplied(), "already there: nothing re-applied");
        }
        try (RecordingMemoryEngine restarted = TestEngines.recording()) {
            MemoryState wrong = new MemoryState(UPDATES, "not-the-last-update", history.committed.appliedUpTo());
            assertThrows(PoolRecovery.RecoveryFailedException.class, () -> durability(restarted).ensureAt(MEMORY, wrong));
            assertFalse(restarted.hasMemory(MEMORY), "nothing installed");
        }
    }

    @Test
    void replayReproducesEveryAnnouncedChecksumAndStopsAtAForgedOne() throws Exception {
        try (RecordingMemoryEngine auditor = TestEngines.recording()) {
            ReplayResult all = new Replayer(auditor, history.logs, null).replay(ReplayRequest.of(MEMORY));
            assertEquals(ReplayResult.Outcome.COMPLETE, all.outcome(), all.reason());
            assertEquals(UPDATES, all.version());
            assertEquals(UPDATES, all.verified());
            assertEquals(announced(UPDATES), all.checksum());
            assertEquals(history.committed, all.state(), "same version, last update and duplicate marks");
            assertEquals(1, all.duplicatesSkipped());
            assertEquals(1, all.invalidSkipped());
            all.pool().close();

            String forged = history.versionsTamperedAt(17);
            ReplayResult diverged = new Replayer(auditor, history.logs.withTopics(history.config.topics().updates(),
                    forged), null).replay(ReplayRequest.of(MEMORY));
            assertEquals(ReplayResult.Outcome.DIVERGED, diverged.outcome());
            assertEquals(17, diverged.divergence().version());
            assertEquals(Divergence.Kind.CHECKSUM, diverged.divergence().kind());
            assertEquals("forged-17", diverged.divergence().expected());
            assertEquals(announced(17), diverged.divergence().actual(), "the rebuilt pool is the genuine one");
            assertEquals(16, diverged.verified());
            diverged.pool().close();
        }
    }

    @Test
    void anEarlierVersionIsRebuiltFromTheNearestSnapshotToAnswerAsOfIt() {
        try (RecordingMemoryEngine service = TestEngines.recording()) {
            UpdateLogDurability durability = durability(service);
            durability.ensureAt(MEMORY, history.committed);

            AsOfPools.AsOf at13 = durability.asOf().poolAt(MEMORY, 13, null);
            try (PoolHandle pool = at13.pool()) {
                assertEquals(13, pool.version());
                assertEquals(announced(13), pool.checksum());
                assertEquals(3, at13.replayed(), "from the snapshot of version 10");
            }
            // version v holds news items 0..v-1
            String known = "How many ships at " + RecordedHistory.place(12) + "?";
            String later = "How many ships at " + RecordedHistory.place(20) + "?";
            GeneratedAnswer asOf = durability.answerAsOf(MEMORY, 13, known, 64, null);
            assertEquals(13, asOf.version());
            assertTrue(asOf.text().contains(RecordedHistory.place(12)), asOf.text());
            assertFalse(durability.answerAsOf(MEMORY, 13, later, 64, null).text().contains(RecordedHistory.place(20)),
                    "version 13 does not know item 20 yet");
            assertTrue(service.answer(MEMORY, later, 64).text().contains(RecordedHistory.place(20)), "the current does");
            assertThrows(Durability.VersionUnavailableException.class,
                    () -> durability.answerAsOf(MEMORY, UPDATES + 1, known, 64, null));
        }
    }

    @Test
    void forgettingLeavesOutExactlyTheNamedUpdate(@TempDir Path out) throws Exception {
        MemoryUpdate named = history.applied.get(15); // version 16: the rebuild starts from the snapshot of 10
        try (RecordingMemoryEngine engine = TestEngines.recording()) {
            Replayer replayer = new Replayer(engine, history.logs, new SnapshotStore(engine, history.snapshotDir, 3));
            ReplayResult result = new Forgetting(replayer).rebuildWithout(MEMORY,
                    Exclusions.ofUpdates(named.getUpdateId()), ReplayProgress.Listener.NONE);
            assertEquals(ReplayResult.Outcome.COMPLETE, result.outcome(), result.reason());
            assertEquals(List.of(named.getUpdateId()), result.excludedUpdateIds());
            assertEquals(10, result.startVersion());
            assertEquals(5, result.verified(), "versions 11..15 match the originals");
            assertEquals(UPDATES, result.originalVersion());
            assertEquals(UPDATES - 1, result.version());
            assertEquals(RecordingMemoryEngine.checksumOf(history.tokensWithout(List.of(named.getUpdateId()))),
                    result.checksum(), "the pool of exactly the other updates, in order");
            assertNotEquals(announced(UPDATES - 1), result.checksum());

            Path file = out.resolve("m-forgotten");
            replayer.write(result, file);
            StoredSnapshot written = StoredSnapshot.read(engine, file);
            assertEquals(Set.of(named.getUpdateId()), written.metadata().excluded().updateIds());
            assertEquals(result.checksum(), written.checksum());
            result.pool().close();
        }
    }
}
