package engram.topology.engine;

import engram.schemas.MemoryUpdate;
import java.util.Objects;

/**
 * What one self-update writes, as read from a {@code MemoryUpdate} of the update log: the same for the apply flow and
 * for every rebuild, so a rebuilt pool is the pool the service built.
 *
 * @param updateId the deterministic id of the update (for the engine's bookkeeping and logs)
 * @param sourceId the item the update was cut from (an article id, a conversation turn): an engine may group the
 *                 updates of one item (long-term memory promotes them together); "" when unknown
 * @param tokenIds the token ids to write, exactly as logged
 */
public record UpdateInput(String updateId, String sourceId, int[] tokenIds) {

    public UpdateInput {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(sourceId, "sourceId");
        tokenIds = tokenIds.clone();
    }

    public static UpdateInput of(MemoryUpdate update) {
        return new UpdateInput(update.getUpdateId(), update.getSourceId(),
                update.getTokenIds().stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int tokenCount() {
        return tokenIds.length;
    }
}
