package engram.app.kafka;

/** The broker (or a topic on it) is not there; the message is one line meant for the user. */
public final class BrokerUnreachableException extends RuntimeException {
    public BrokerUnreachableException(String message) {
        super(message);
    }
}
