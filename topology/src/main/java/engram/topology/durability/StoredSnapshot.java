package engram.topology.durability;

import java.nio.file.Path;

/**
 * A snapshot file in a {@link SnapshotStore}, described by its header (the pool itself is not loaded).
 *
 * @param file the safetensors file
 * @param version the pool version it holds
 * @param checksum the pool checksum recorded in it (verified against the bytes when it is restored)
 * @param modelId the model the pool belongs to
 * @param metadata the Engram metadata: memory id, log position, duplicate marks, exclusions
 */
public record StoredSnapshot(Path file, long version, String checksum, String modelId, SnapshotMetadata metadata) {
}
