package engram.topology.apply;

import engram.schemas.SourceCoordinates;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.PoolOutOfSyncException;
import java.time.Instant;
import java.util.Set;

/**
 * What the apply flow asks of durability, from the stream thread that owns the memory. Pools live in the engine
 * and are not transactional, so after a restart, a task move or an aborted transaction the engine's pool may not be
 * at the version the committed state store holds; durability brings it there, keeps snapshots so that doing so is
 * quick, and answers queries for earlier versions.
 *
 * <p>The implementation is {@code engram.topology.durability.UpdateLogDurability} (snapshots plus replay of the
 * update log, for any {@code MemoryEngine}). {@link #NONE} does nothing: the apply flow then stops with
 * {@link PoolOutOfSyncException} when the engine's pool and the committed state disagree, and rejects queries for
 * versions other than the current one.
 */
public interface Durability {

    /** No durability: nothing is restored, snapshotted or rebuilt. */
    Durability NONE = new Durability() {
        @Override
        public MemoryState initialState(String memoryId) {
            return MemoryState.empty();
        }

        @Override
        public void ensureAt(String memoryId, MemoryState committed) {
        }

        @Override
        public void applied(String memoryId, MemoryState state, SourceCoordinates logPosition) {
        }

        @Override
        public void flush(Set<String> memoryIds) {
        }

        @Override
        public void flushAll() {
        }

        @Override
        public GeneratedAnswer answerAsOf(String memoryId, long version, String question, int maxNewTokens,
                                          Instant deadline) {
            throw new VersionUnavailableException("only the current version is answered online"
                    + " (older versions are rebuilt by replaying the updates topic: ./engram replay)");
        }
    };

    /**
     * The state of a memory the state store has never seen: empty, except for a memory installed from a rebuilt
     * pool ({@code ./engram replay --install-as}), which starts at that pool's version.
     */
    MemoryState initialState(String memoryId);

    /**
     * Brings the engine's pool of {@code memoryId} to {@code committed} (snapshot + replay of the updates topic).
     * Called when the engine's version differs from the committed one, before an update is applied or a query
     * answered. Throws when that is impossible; the apply flow then stops rather than announce a wrong version.
     */
    void ensureAt(String memoryId, MemoryState committed);

    /** After each self-update: the memory reached {@code state}, by the update read at {@code logPosition}. */
    void applied(String memoryId, MemoryState state, SourceCoordinates logPosition);

    /**
     * A task is closing (clean shutdown, rebalance): snapshot what changed in its memories since their last
     * snapshot. Only those: with several stream threads, the others may be being updated meanwhile.
     */
    void flush(Set<String> memoryIds);

    /** The stream threads have stopped: snapshot every memory changed since its last snapshot. */
    void flushAll();

    /**
     * Answers {@code question} from the pool of {@code memoryId} as it was at {@code version} (older than the
     * current one).
     *
     * @param deadline when the answer is due, or null
     * @throws VersionUnavailableException with the reason, when that version cannot be had in time
     */
    GeneratedAnswer answerAsOf(String memoryId, long version, String question, int maxNewTokens, Instant deadline);

    /** The asked version cannot be answered; the message is the reason put in the REJECTED answer. */
    final class VersionUnavailableException extends RuntimeException {
        public VersionUnavailableException(String reason) {
            super(reason);
        }
    }
}
