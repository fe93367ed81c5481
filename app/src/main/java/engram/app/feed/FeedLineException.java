package engram.app.feed;

/** One feed line that cannot become a record; the message names the problem, the reader adds the position. */
public final class FeedLineException extends Exception {
    public FeedLineException(String message) {
        super(message);
    }
}
