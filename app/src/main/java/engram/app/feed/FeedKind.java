package engram.app.feed;

/** What a feed file holds, which decides the record type and topic it is published as. */
public enum FeedKind {
    /** {@code NewsArticle} records on the news topic. */
    NEWS,
    /** {@code ConversationTurn} records on the conversations topic. */
    CONVERSATION
}
