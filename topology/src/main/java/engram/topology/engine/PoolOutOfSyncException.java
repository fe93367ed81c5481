package engram.topology.engine;

/**
 * The engine's pool for a memory is not at the version the topology's committed state says it is: applying
 * the next update would announce a version whose pool does not match. The pool must be restored (snapshot plus
 * replay of the updates topic) before the task continues.
 */
public final class PoolOutOfSyncException extends IllegalStateException {
    public PoolOutOfSyncException(String memoryId, long committedVersion, long engineVersion) {
        super("memory '" + memoryId + "': committed state is at version " + committedVersion
                + " but the engine's pool is at version " + engineVersion
                + "; restore the pool to version " + committedVersion + " (snapshot + replay of the updates topic)"
                + " before processing further updates");
    }
}
