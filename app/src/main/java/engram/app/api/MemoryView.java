package engram.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One memory as the status API shows it. {@code lag} counts updates logged but not applied yet. */
@Serdeable
public record MemoryView(
        String memoryId,
        long version,
        long updatesLogged,
        long lag,
        @Nullable String lastAppliedAt,
        @Nullable String poolChecksum,
        @Nullable String modelId) {}
