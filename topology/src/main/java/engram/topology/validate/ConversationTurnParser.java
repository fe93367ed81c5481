package engram.topology.validate;

import engram.schemas.ConversationTurn;
import engram.schemas.SourceKind;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;

/**
 * Conversation rules: conversation id, speaker and memory id present and well-formed; turn index not negative;
 * text not blank. The memorised text is "speaker: text", so the memory knows who said it.
 */
public final class ConversationTurnParser extends FeedParser<ConversationTurn> {

    public ConversationTurnParser(int maxRecordBytes) {
        super(ConversationTurn.class, maxRecordBytes);
    }

    @Override
    protected FeedItem toItem(ConversationTurn turn) {
        requireNonBlank(turn.getConversationId(), "conversationId");
        requireNonBlank(turn.getSpeaker(), "speaker");
        requireMemoryId(turn.getMemoryId());
        if (turn.getTurnIndex() < 0) {
            throw new InvalidRecordException(ErrorKind.INVALID_FIELD,
                    "turnIndex is " + turn.getTurnIndex() + ", must not be negative");
        }
        requireText(turn.getText(), "text");
        if (turn.getSpeaker().indexOf('\n') >= 0 || turn.getSpeaker().length() > 200) {
            throw new InvalidRecordException(ErrorKind.INVALID_FIELD,
                    "speaker must be one line of at most 200 characters");
        }
        return new FeedItem(turn.getMemoryId(), SourceKind.CONVERSATION,
                turn.getConversationId() + "#" + turn.getTurnIndex(), turn.getSpeaker() + ": " + turn.getText());
    }
}
