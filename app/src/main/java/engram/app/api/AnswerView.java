package engram.app.api;

import engram.schemas.Answer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An {@link Answer} as JSON (HTTP API and {@code engram ask --json}). */
@Serdeable
public record AnswerView(
        String requestId,
        String memoryId,
        String status,
        String answer,
        @Nullable String reason,
        @Nullable Long memoryVersion,
        int tokensGenerated,
        long latencyMillis,
        String answeredAt) {

    public static AnswerView of(Answer a) {
        return new AnswerView(a.getRequestId(), a.getMemoryId(), a.getStatus().name(), a.getAnswer(), a.getReason(),
                a.getMemoryVersion(), a.getTokensGenerated(), a.getLatencyMillis(), String.valueOf(a.getAnsweredAt()));
    }
}
