package engram.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/ask} body. Only {@code question} is required. */
@Serdeable
public record AskRequest(
        @Nullable String memoryId,
        String question,
        @Nullable Integer maxNewTokens,
        @Nullable Long asOfVersion,
        @Nullable Integer timeoutSeconds) {}
