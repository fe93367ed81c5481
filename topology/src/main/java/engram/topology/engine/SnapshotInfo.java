package engram.topology.engine;

import java.util.Map;

/**
 * What a snapshot file says about itself, read without restoring the pool.
 *
 * @param version the pool version it holds
 * @param checksum the pool checksum recorded in it (checked against the contents when it is restored)
 * @param modelId the model that wrote it; only that model can restore it
 * @param metadata the string metadata the topology gave {@link MemoryEngine#writeSnapshot} (an engine may add keys of
 *                 its own)
 */
public record SnapshotInfo(long version, String checksum, String modelId, Map<String, String> metadata) {

    public SnapshotInfo {
        metadata = Map.copyOf(metadata);
    }
}
