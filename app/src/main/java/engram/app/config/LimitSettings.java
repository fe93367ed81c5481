package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Bounds that protect the service from oversized input.
 *
 * @param maxChunkTokens a source text is cut into chunks of at most this many model tokens
 * @param maxRecordBytes a feed record larger than this is dead-lettered
 * @param maxQuestionChars a longer question is rejected
 * @param maxNewTokens the most tokens one answer may generate
 * @param queryTimeout how long the HTTP API waits for an answer
 */
@ConfigurationProperties("engram.limits")
public record LimitSettings(
        int maxChunkTokens,
        int maxRecordBytes,
        int maxQuestionChars,
        int maxNewTokens,
        Duration queryTimeout) {}
