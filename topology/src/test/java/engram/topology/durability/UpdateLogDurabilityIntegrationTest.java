package engram.topology.durability;

import engram.topology.testing.TinyMemoryLLM;
import static engram.topology.durability.ServiceHistory.MEMORY;
import static engram.topology.durability.ServiceHistory.UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.MemoryUpdate;
import engram.topology.apply.MemoryState;
import engram.topology.apply.UpdateRules;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service hooks end to end: an engine applies the history as the apply flow does, telling durability after each
 * update; it is then dropped without a shutdown (a kill), and a new one is brought back to the
 * committed version re-applying no more than the snapshot interval.
 */
class UpdateLogDurabilityIntegrationTest {

    @Test
    void aKilledServiceRestartsFromItsLatestSnapshotReapplyingAtMostTheInterval(@TempDir Path dir) throws Exception {
        ServiceHistory history = ServiceHistory.shared();
        LogAccess logs = LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
        SnapshotPolicy every300 = SnapshotPolicy.everyUpdates(300);
        MemoryState state = MemoryState.empty();
        try (MemoryLLMEngine service = TinyMemoryLLM.engine(history.modelDir)) {
            UpdateLogDurability durability = new UpdateLogDurability(service, logs, dir, 3, every300);
            for (MemoryUpdate u : history.applied) {
                AppliedUpdate applied = service.selfUpdate(MEMORY, UpdateInput.of(u));
                state = UpdateRules.after(state, applied.version(), u);
                durability.applied(MEMORY, state, history.versions.get(applied.version()).getUpdateLog());
            }
            assertEquals(history.committed, state);
            assertEquals(List.of(900L, 600L, 300L), durability.snapshots().list(MEMORY).stream()
                    .map(StoredSnapshot::version).toList());
        } // killed: no flush, the last 100 updates are only in the log

        try (MemoryLLMEngine restarted = TinyMemoryLLM.engine(history.modelDir)) {
            UpdateLogDurability durability = new UpdateLogDurability(restarted, logs, dir, 3, every300);
            PoolRecovery.Recovered recovered = durability.recover(MEMORY, history.committed);
            assertEquals(900, recovered.snapshotVersion());
            assertEquals(100, recovered.reapplied());
            assertTrue(recovered.reapplied() <= every300.everyUpdates());
            assertEquals(history.versions.get((long) UPDATES).getPoolChecksum(), restarted.pool(MEMORY).checksum());
            durability.flushAll();
            assertEquals(0, durability.snapshotsWritten(), "recovery itself leaves nothing unsaved");
        }
    }
}
