package engram.topology;

import engram.topology.apply.ApplyFlow;
import engram.topology.apply.Durability;
import engram.topology.engine.MemoryEngine;
import engram.topology.ingest.IngestFlow;
import org.apache.kafka.streams.Topology;

/**
 * The whole Engram streams application: the ingest flow (feeds to the ordered update log) and the apply flow
 * (update log and questions to versions and answers). They are separate sub-topologies joined only through the
 * updates topic, so feeds and memories scale by their own partition counts.
 */
public final class EngramTopology {

    private EngramTopology() {}

    public static Topology build(TopologyConfig config, MemoryEngine engine) {
        return build(config, engine, Durability.NONE);
    }

    /** @param durability restores, snapshots and rebuilds pools ({@code UpdateLogDurability}); NONE for none */
    public static Topology build(TopologyConfig config, MemoryEngine engine, Durability durability) {
        Topology topology = new Topology();
        IngestFlow.addTo(topology, config, engine);
        ApplyFlow.addTo(topology, config, engine, durability);
        return topology;
    }
}
