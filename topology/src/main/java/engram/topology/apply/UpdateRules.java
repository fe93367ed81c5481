package engram.topology.apply;

import engram.schemas.MemoryUpdate;
import engram.schemas.SourceCoordinates;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.MemoryEngine;
import engram.topology.validate.MemoryIds;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The apply flow's two decisions about a record of the updates topic, shared by the live apply flow and by
 * anything that rebuilds a pool from the log (audit replay, recovery, forgetting), so a rebuild applies exactly
 * the updates the service applied:
 * <ol>
 *   <li>{@link #checked}: can it be applied as written? (if not, the service dead-letters it)</li>
 *   <li>{@link #isDuplicate}: was its chunk applied already? (then the service skips it)</li>
 * </ol>
 */
public final class UpdateRules {

    private UpdateRules() {}

    /** Decodes the update and checks it can be applied by this engine as written. */
    public static MemoryUpdate checked(byte[] key, byte[] value, AvroCodec<MemoryUpdate> codec, MemoryEngine engine) {
        MemoryUpdate update;
        try {
            update = codec.decode(value);
        } catch (UndecodableRecordException e) {
            throw new InvalidRecordException(ErrorKind.UNDECODABLE, e.getMessage());
        }
        if (!MemoryIds.isValid(update.getMemoryId())) {
            throw new InvalidRecordException(ErrorKind.BAD_MEMORY_ID, MemoryIds.describeProblem(update.getMemoryId()));
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!update.getMemoryId().equals(keyText)) {
            throw new InvalidRecordException(ErrorKind.INVALID_UPDATE, "update keyed '" + keyText + "' is for memory '"
                    + update.getMemoryId() + "': updates must be keyed by memory id so one task owns each memory");
        }
        if (!engine.tokenizerId().equals(update.getTokenizerId())) {
            throw new InvalidRecordException(ErrorKind.TOKENIZER_MISMATCH, "update " + update.getUpdateId()
                    + " was tokenized with " + update.getTokenizerId() + " but the model uses "
                    + engine.tokenizerId());
        }
        List<Integer> ids = update.getTokenIds();
        if (ids.isEmpty() || ids.size() > engine.maxChunkTokens()) {
            throw new InvalidRecordException(ErrorKind.INVALID_UPDATE, "update " + update.getUpdateId() + " has "
                    + ids.size() + " tokens; a self-update takes 1 to " + engine.maxChunkTokens());
        }
        for (int id : ids) {
            if (id < 0 || id >= engine.vocabSize()) {
                throw new InvalidRecordException(ErrorKind.INVALID_UPDATE, "update " + update.getUpdateId()
                        + " has token id " + id + " outside the vocabulary [0, " + engine.vocabSize() + ")");
            }
        }
        if (update.getChunkIndex() < 0 || update.getChunkIndex() >= update.getChunkCount()) {
            throw new InvalidRecordException(ErrorKind.INVALID_UPDATE, "update " + update.getUpdateId()
                    + " claims to be chunk " + update.getChunkIndex() + " of " + update.getChunkCount());
        }
        return update;
    }

    /** The key of an update's feed partition in {@link MemoryState#appliedUpTo()}: "topic:partition". */
    public static String sourcePartition(MemoryUpdate update) {
        SourceCoordinates source = update.getSource();
        return source.getTopic() + ":" + source.getPartition();
    }

    /** An update's position in its feed partition: record offset, then chunk index. */
    public static MemoryState.SourcePosition sourcePosition(MemoryUpdate update) {
        return new MemoryState.SourcePosition(update.getSource().getOffset(), update.getChunkIndex());
    }

    /** Whether {@code state} has applied this update's chunk already (a re-delivered source record). */
    public static boolean isDuplicate(MemoryState state, MemoryUpdate update) {
        return state.hasApplied(sourcePartition(update), sourcePosition(update));
    }

    /** The state after applying {@code update} as version {@code newVersion}. */
    public static MemoryState after(MemoryState state, long newVersion, MemoryUpdate update) {
        return state.after(newVersion, update.getUpdateId(), sourcePartition(update), sourcePosition(update));
    }
}
