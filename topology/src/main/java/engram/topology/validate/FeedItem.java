package engram.topology.validate;

import engram.schemas.SourceKind;

/**
 * A validated feed record, reduced to what the memory learns.
 *
 * @param memoryId the pool that learns it
 * @param kind news or conversation
 * @param sourceId article id, or "conversationId#turnIndex"
 * @param text the exact text to memorise (news: title, blank line, body; conversation: "speaker: text")
 */
public record FeedItem(String memoryId, SourceKind kind, String sourceId, String text) {
}
