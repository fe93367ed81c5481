package engram.app.service;

import engram.app.config.PoolSettings;
import engram.app.config.StartupFailure;
import engram.app.kafka.KafkaClients;
import engram.topology.Topics;
import engram.topology.apply.Durability;
import engram.topology.durability.LogAccess;
import engram.topology.durability.ModelCheck;
import engram.topology.durability.SnapshotPolicy;
import engram.topology.durability.UpdateLogDurability;
import engram.topology.engine.MemoryEngine;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@link Durability}, from {@code engram.pool.*}, for whatever engine it runs: pools are snapshotted
 * into {@code snapshot-dir} every {@code snapshot-every} updates or {@code snapshot-interval}, and on a clean stop;
 * after a restart each memory is restored from its latest snapshot plus the updates after it. A versions topic last
 * written by another model (a replaced bundled model with its old {@code .engram/} state) stops the start with both
 * ids.
 */
final class DurabilitySetup {

    private static final Logger LOG = LoggerFactory.getLogger(DurabilitySetup.class);
    /** Snapshots kept per memory: more than one, since the newest may be past an aborted transaction. */
    static final int KEPT_SNAPSHOTS = 3;

    private DurabilitySetup() {}

    static Durability forEngine(MemoryEngine engine, KafkaClients clients, Topics topics, PoolSettings pool) {
        SnapshotPolicy policy;
        try {
            policy = new SnapshotPolicy(pool.snapshotEvery(), pool.snapshotInterval());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure("bad engram.pool setting: " + e.getMessage(), e);
        }
        Path dir = pool.snapshotPath().toAbsolutePath().normalize();
        LogAccess logs = new LogAccess(clients.common(), topics.updates(), topics.versions());
        // refuse here, before the topology starts, a history no recovery by this model can rebuild
        ModelCheck.problem(logs, engine.modelId()).ifPresent(problem -> {
            throw new StartupFailure(problem);
        });
        LOG.info("pool snapshots in {} every {} updates or {}", dir, policy.everyUpdates(), policy.everyInterval());
        return new UpdateLogDurability(engine, logs, dir, KEPT_SNAPSHOTS, policy);
    }
}
