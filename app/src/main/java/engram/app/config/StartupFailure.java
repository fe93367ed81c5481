package engram.app.config;

/**
 * A problem the user must fix before the service can start (bad configuration, unreachable broker, missing
 * model). Its message is a complete, single-line explanation; {@code ./engram run} prints only that line.
 */
public final class StartupFailure extends RuntimeException {
    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first StartupFailure in a cause chain (Micronaut wraps bean errors several times), or null. */
    public static StartupFailure find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StartupFailure f) {
                return f;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
