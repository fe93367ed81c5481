package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static engram.topology.durability.ServiceHistory.UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.MemoryUpdate;
import engram.topology.apply.MemoryState;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.PoolHandle;
import engram.topology.engine.UpdateInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forgetting by replay: the rebuilt pool leaves out exactly the named updates and sources, and says so. */
class ForgettingIntegrationTest {

    private static ServiceHistory history;
    private static MemoryLLMEngine engine;
    private static Path storeDir;
    private static SnapshotStore store;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        history = ServiceHistory.shared();
        engine = TinyMemoryLLM.engine(history.modelDir);
        storeDir = dir.resolve("snapshots");
        store = new SnapshotStore(engine, storeDir, 5);
        new Replayer(engine, logs(), store).replay(ReplayRequest.of(MEMORY).withToVersion(400).withVerify(false)
                .writingSnapshots(SnapshotPolicy.everyUpdates(400))).pool().close();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static LogAccess logs() {
        return LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
    }

    private static Replayer replayer() {
        return new Replayer(engine, logs(), store);
    }

    private static Forgetting forgetting() {
        return new Forgetting(replayer());
    }

    @Test
    void forgettingExcludesExactlyTheNamedUpdatesAndSources(@TempDir Path out) throws Exception {
        MemoryUpdate named = history.applied.get(600);
        String source = history.applied.get(20).getSourceId();
        List<String> expectedExcluded = history.applied.stream()
                .filter(u -> u.getSourceId().equals(source) || u.getUpdateId().equals(named.getUpdateId()))
                .map(MemoryUpdate::getUpdateId).toList();
        assertTrue(expectedExcluded.size() >= 2, "the source has several chunks: " + expectedExcluded);

        ReplayResult result = forgetting().rebuildWithout(MEMORY,
                new Exclusions(Set.of(named.getUpdateId()), Set.of(source)), ReplayProgress.Listener.NONE);
        try (PoolHandle expected = applyAllBut(expectedExcluded)) {
            assertEquals(ReplayResult.Outcome.COMPLETE, result.outcome(), result.reason());
            assertEquals(expectedExcluded, result.excludedUpdateIds());
            assertEquals(UPDATES, result.originalVersion());
            assertEquals(UPDATES - expectedExcluded.size(), result.version());
            assertEquals(expected.checksum(), result.checksum(), "the pool of exactly the other updates");
            assertNotEquals(history.versions.get((long) result.version()).getPoolChecksum(), result.checksum());
            assertNotEquals(history.versions.get((long) UPDATES).getPoolChecksum(), result.checksum());
            assertEquals(history.applied.indexOf(history.applied.stream()
                    .filter(u -> expectedExcluded.contains(u.getUpdateId())).findFirst().orElseThrow()),
                    result.verified(), "the versions before the first excluded one are verified");
            assertEquals(history.duplicatesSent, result.duplicatesSkipped(), "duplicates stay duplicates");

            Path file = out.resolve("m-forgotten.safetensors");
            replayer().write(result, file);
            StoredSnapshot written = StoredSnapshot.read(engine, file);
            assertEquals(Set.copyOf(expectedExcluded), written.metadata().excluded().updateIds());
            assertEquals(Set.of(source), written.metadata().excluded().sourceIds());
            assertEquals(result.checksum(), written.checksum());
            try (PoolHandle restored = engine.restoreSnapshot(file)) {
                assertEquals(result.checksum(), restored.checksum());
            }
        } finally {
            result.pool().close();
        }
    }

    @Test
    void aLateExclusionStartsFromTheSnapshotBeforeIt() {
        MemoryUpdate late = history.applied.get(600); // version 601, after the snapshot of version 400
        ReplayResult result = forgetting().rebuildWithout(MEMORY, Exclusions.ofUpdates(late.getUpdateId()),
                ReplayProgress.Listener.NONE);
        try {
            assertEquals(400, result.startVersion());
            assertEquals(List.of(late.getUpdateId()), result.excludedUpdateIds());
            assertEquals(UPDATES - 400 - 1, result.applied());
            assertEquals(200, result.verified(), "versions 401..600 match the originals");
        } finally {
            result.pool().close();
        }
    }

    @Test
    void theForgottenPoolCanStartANewMemory() throws Exception {
        String source = history.applied.get(700).getSourceId(); // late: the rebuild starts from the snapshot of 400
        ReplayResult result = forgetting().rebuildWithout(MEMORY, Exclusions.ofSources(source),
                ReplayProgress.Listener.NONE);
        String newId = "m-without-" + source;
        try (MemoryLLMEngine service = TinyMemoryLLM.engine(history.modelDir)) {
            StoredSnapshot base = forgetting().installAs(result, newId);
            assertEquals(MEMORY, base.metadata().derivedFrom());
            assertEquals(Set.of(source), base.metadata().excluded().sourceIds());
            // a service adopts it: the snapshot's state becomes the new memory's committed state, its pool the live one
            UpdateLogDurability adopting = new UpdateLogDurability(service, logs(), storeDir, 5,
                    SnapshotPolicy.everyUpdates(400));
            MemoryState start = adopting.initialState(newId);
            assertEquals(result.version(), start.version());
            adopting.ensureAt(newId, start);
            assertEquals(result.checksum(), service.pool(newId).checksum());
            assertThrows(IllegalStateException.class, () -> forgetting().installAs(result, newId));

            // an update sent to the new memory applies on top of the forgotten pool
            MemoryUpdate next = ServiceHistory.update(engine, newId, 900_000, 0, 1, new Random(5));
            history.send(history.config.topics().updates(), newId, ServiceHistory.UPDATE_CODEC.encode(next));
            history.flush();
            ReplayResult continued = new Replayer(engine, logs(), store).replay(ReplayRequest.of(newId)
                    .withVerify(false));
            try {
                assertEquals(result.version(), continued.startVersion());
                assertEquals(1, continued.applied());
                assertEquals(result.version() + 1, continued.version());
            } finally {
                continued.pool().close();
            }
        } finally {
            result.pool().close();
        }
    }

    /** The pool of memory m built directly with the engine from every applied update except {@code excluded}. */
    private static PoolHandle applyAllBut(List<String> excluded) {
        PoolHandle pool = engine.newPool(MEMORY);
        for (MemoryUpdate u : history.applied) {
            if (!excluded.contains(u.getUpdateId())) {
                engine.selfUpdate(pool, UpdateInput.of(u));
            }
        }
        return pool;
    }
}
