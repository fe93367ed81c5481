package engram.topology.durability;

import engram.topology.engine.PoolHandle;
import java.util.List;

/**
 * The outcome of looking for a usable snapshot: the pool read back from the newest good one (if any), and the
 * newer ones that had to be passed over.
 *
 * @param pool the restored pool, or null when no usable snapshot exists (the caller owns and closes it)
 * @param snapshot the snapshot it came from, or null
 * @param rejected one line per snapshot passed over (corrupted, another model's or memory's, unreadable), newest first
 */
public record SnapshotRestore(PoolHandle pool, StoredSnapshot snapshot, List<String> rejected) {

    public SnapshotRestore {
        rejected = List.copyOf(rejected);
        if ((pool == null) != (snapshot == null)) {
            throw new IllegalArgumentException("a restored pool comes with its snapshot");
        }
    }

    public boolean found() {
        return pool != null;
    }
}
