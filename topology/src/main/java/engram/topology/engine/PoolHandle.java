package engram.topology.engine;

/**
 * A memory's pool as the topology holds it: opaque. The topology reads its version and checksum, closes the ones it
 * owns, and hands it back only to the engine that made it, which alone knows what is inside (today the pool's rows;
 * with long-term memory also the Δ-log and row origins, written into the same snapshots).
 *
 * <p>Two kinds: a <em>detached</em> pool ({@link MemoryEngine#newPool}, {@link MemoryEngine#copy},
 * {@link MemoryEngine#restoreSnapshot}) belongs to whoever asked for it, until it is closed or
 * {@link MemoryEngine#install installed}; a <em>live</em> pool ({@link MemoryEngine#pool}) belongs to the engine and
 * is only lent out, to be read (snapshots, copies), never closed.
 */
public interface PoolHandle extends AutoCloseable {

    /** Updates applied to this pool (0 for a new one). */
    long version();

    /** The checksum a {@code MemoryVersion} announces for this pool ({@code poolChecksum}). */
    String checksum();

    /** Releases a detached pool. */
    @Override
    void close();
}
