package engram.topology.deadletter;

/** A record that cannot be used, with the dead-letter kind and a message a person can act on. */
public final class InvalidRecordException extends RuntimeException {
    private final ErrorKind kind;

    public InvalidRecordException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
