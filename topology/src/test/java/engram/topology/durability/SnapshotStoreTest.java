package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.PoolHandle;
import engram.topology.engine.UpdateInput;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots of real (tiny) pools on disk: naming, metadata, keep-N, corrupted files passed over. */
class SnapshotStoreTest {

    private static MemoryLLMEngine engine;
    private static final UpdateInput TOKENS = new UpdateInput("u", "article",
            new int[] {5, 17, 99, 3, 42, 250, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel(@TempDir Path modelDir) {
        engine = TinyMemoryLLM.engine(TinyMemoryLLM.write(modelDir.resolve("model")));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static MemoryState stateAt(long version) {
        return new MemoryState(version, "u-" + version, Map.of("news:0",
                new MemoryState.SourcePosition(version * 10, 1), "conv.x:3", new MemoryState.SourcePosition(version, 0)));
    }

    private static SnapshotMetadata metadata(String memoryId, long version) {
        return new SnapshotMetadata(memoryId, new LogPosition("it.updates", 1, 100 + version), stateAt(version),
                1_700_000_000_000L, Exclusions.NONE, "");
    }

    /** Saves the pool at versions 1..count, one self-update apart. */
    private PoolHandle saveVersions(SnapshotStore store, String memoryId, int count) throws Exception {
        PoolHandle pool = engine.newPool(memoryId);
        for (int v = 1; v <= count; v++) {
            engine.selfUpdate(pool, TOKENS);
            store.save(pool, metadata(memoryId, v));
        }
        return pool;
    }

    @Test
    void metadataRoundTripsThroughTheFileHeader() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 3);
        try (PoolHandle pool = engine.newPool("m")) {
            engine.selfUpdate(pool, TOKENS);
            SnapshotMetadata written = new SnapshotMetadata("m", new LogPosition("it.updates", 1, 41), stateAt(1),
                    123L, new Exclusions(Set.of("u,1", "u=2"), Set.of("article 7;x")), "origin");
            StoredSnapshot saved = store.save(pool, written);
            assertEquals(store.fileOf("m", 1), saved.file());
            assertEquals(dir.resolve("m").resolve("v00000000000000000001.safetensors"), saved.file());
            StoredSnapshot read = StoredSnapshot.read(engine, saved.file());
            assertEquals(written, read.metadata());
            assertEquals(1, read.version());
            assertEquals(pool.checksum(), read.checksum());
            assertEquals(engine.modelId(), read.modelId());
            assertThrows(IllegalArgumentException.class, () -> store.save(pool, metadata("m", 2)),
                    "metadata for another version than the pool's");
        }
    }

    @Test
    void keepsTheNewestAndFindsByVersion() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 3);
        try (PoolHandle pool = saveVersions(store, "m", 5)) {
            assertEquals(List.of(5L, 4L, 3L), store.list("m").stream().map(StoredSnapshot::version).toList());
            assertEquals(5, store.latest("m").orElseThrow().version());
            assertEquals(4, store.atOrBefore("m", 4).orElseThrow().version());
            assertTrue(store.atOrBefore("m", 2).isEmpty(), "versions 1 and 2 were pruned");
            assertTrue(store.latest("nobody").isEmpty());
            SnapshotRestore restore = store.restoreAtOrBefore("m", 4);
            try (PoolHandle restored = restore.pool()) {
                assertEquals(4, restored.version());
                assertEquals(store.atOrBefore("m", 4).orElseThrow().checksum(), restored.checksum());
                assertEquals(stateAt(4), restore.snapshot().metadata().state());
                assertTrue(restore.rejected().isEmpty());
            }
        }
    }

    @Test
    void aCorruptedSnapshotIsPassedOverForThePreviousOneAndReported() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 3);
        try (PoolHandle pool = saveVersions(store, "m", 3)) {
            flipLastByte(store.fileOf("m", 3));
            SnapshotRestore restore = store.restoreAtOrBefore("m", 10);
            try (PoolHandle restored = restore.pool()) {
                assertEquals(2, restored.version());
                assertEquals(1, restore.rejected().size());
                assertTrue(restore.rejected().get(0).contains("v00000000000000000003")
                        && restore.rejected().get(0).contains("corrupted"), restore.rejected().get(0));
            }
            flipLastByte(store.fileOf("m", 2));
            flipLastByte(store.fileOf("m", 1));
            SnapshotRestore none = store.restoreAtOrBefore("m", 10);
            assertFalse(none.found());
            assertNull(none.snapshot());
            assertEquals(3, none.rejected().size());
        }
    }

    @Test
    void unfinishedWritesAndUnsafeIdsDoNotConfuseTheStore() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 2);
        try (PoolHandle pool = saveVersions(store, "team:a/b", 1)) {
            Path folder = store.folderOf("team:a/b");
            assertEquals(dir.resolve("team%3Aa%2Fb"), folder);
            Files.writeString(folder.resolve(".v00000000000000000009.safetensors12345.tmp"), "half written");
            Files.writeString(folder.resolve("notes.txt"), "not a snapshot");
            assertEquals(List.of(1L), store.list("team:a/b").stream().map(StoredSnapshot::version).toList());
            assertEquals("team:a/b", store.latest("team:a/b").orElseThrow().metadata().memoryId());
        }
        assertEquals("%2Ehidden", SnapshotStore.safeName(".hidden"));
    }

    @Test
    void policyIsEveryMUpdatesOrSSeconds() {
        SnapshotPolicy policy = new SnapshotPolicy(500, Duration.ofSeconds(60));
        assertFalse(policy.due(0, Duration.ofHours(1)), "nothing changed");
        assertFalse(policy.due(499, Duration.ofSeconds(59)));
        assertTrue(policy.due(500, Duration.ZERO));
        assertTrue(policy.due(1, Duration.ofSeconds(60)));
        assertFalse(SnapshotPolicy.everyUpdates(3).due(2, Duration.ofDays(1)), "no time rule");
        assertThrows(IllegalArgumentException.class, () -> SnapshotPolicy.everyUpdates(0));
    }

    @Test
    void snapshotterWritesWhenThePolicySays() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 5);
        AtomicLong clock = new AtomicLong(0);
        PoolSnapshotter snapshotter = new PoolSnapshotter(store, new SnapshotPolicy(3, Duration.ofSeconds(10)),
                clock::get);
        try (PoolHandle pool = engine.newPool("m")) {
            for (int v = 1; v <= 7; v++) {
                engine.selfUpdate(pool, TOKENS);
                StoredSnapshot written = snapshotter.applied("m", pool, stateAt(v), new LogPosition("t", 0, v));
                assertEquals(v % 3 == 0, written != null, "version " + v);
            }
            clock.addAndGet(10_000); // 10 s later, one update since the snapshot of version 6
            assertEquals(7, snapshotter.applied("m", pool, stateAt(7), new LogPosition("t", 0, 7)).version());
            assertEquals(List.of(7L, 6L, 3L), store.list("m").stream().map(StoredSnapshot::version).toList());
            PoolSnapshotter restarted = new PoolSnapshotter(store, SnapshotPolicy.everyUpdates(3), clock::get);
            engine.selfUpdate(pool, TOKENS);
            assertNull(restarted.applied("m", pool, stateAt(8), new LogPosition("t", 0, 8)),
                    "counts from the snapshot on disk (version 7), not from 0");
            assertEquals(1, restarted.flush(id -> pool), "shutdown writes the unsaved version 8");
            assertEquals(8, store.latest("m").orElseThrow().version());
            assertEquals(0, restarted.flush(id -> pool), "nothing new since");
        }
    }

    @Test
    void aClosingTaskSnapshotsItsOwnMemoriesOnly() throws Exception {
        SnapshotStore store = new SnapshotStore(engine, dir, 5);
        PoolSnapshotter snapshotter = new PoolSnapshotter(store, SnapshotPolicy.everyUpdates(100), () -> 0L);
        try (PoolHandle a = engine.newPool("a"); PoolHandle b = engine.newPool("b")) {
            engine.selfUpdate(a, TOKENS);
            engine.selfUpdate(b, TOKENS);
            assertNull(snapshotter.applied("a", a, stateAt(1), new LogPosition("t", 0, 1)));
            assertNull(snapshotter.applied("b", b, stateAt(1), new LogPosition("t", 0, 2)));
            // memory "b" belongs to another task, maybe on another stream thread: not touched
            assertEquals(1, snapshotter.flush(List.of("a", "never-applied"), id -> id.equals("a") ? a : b));
            assertEquals(1, store.latest("a").orElseThrow().version());
            assertTrue(store.latest("b").isEmpty());
            assertEquals(1, snapshotter.flush(id -> b), "the service's last flush takes what is left");
        }
    }

    private static void flipLastByte(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 0x40);
        }
    }
}
