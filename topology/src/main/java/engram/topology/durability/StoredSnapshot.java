package engram.topology.durability;

import engram.topology.engine.MemoryEngine;
import engram.topology.engine.SnapshotInfo;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A snapshot file, described by what it says about itself (the pool itself is not loaded).
 *
 * @param file the file
 * @param version the pool version it holds
 * @param checksum the pool checksum recorded in it (verified against the bytes when it is restored)
 * @param modelId the model the pool belongs to
 * @param metadata the Engram metadata: memory id, log position, duplicate marks, exclusions
 */
public record StoredSnapshot(Path file, long version, String checksum, String modelId, SnapshotMetadata metadata) {

    /**
     * Reads a snapshot file's header (of a store, or one written by {@code ./engram replay --out}) with the engine that
     * writes such files.
     *
     * @throws IOException when it is not a snapshot the engine can read
     * @throws IllegalArgumentException when Engram's metadata is missing or malformed
     */
    public static StoredSnapshot read(MemoryEngine engine, Path file) throws IOException {
        SnapshotInfo info = engine.readSnapshotInfo(file);
        return new StoredSnapshot(file, info.version(), info.checksum(), info.modelId(),
                SnapshotMetadata.fromMap(info.version(), info.metadata()));
    }
}
