package engram.app.api;

import engram.schemas.MemoryVersion;
import io.micronaut.serde.annotation.Serdeable;

/** One memory-version event as JSON ({@code GET /api/versions}). */
@Serdeable
public record VersionView(String memoryId, long version, String sourceId, int tokenCount, String appliedAt,
        long appliedAtMillis, String poolChecksum) {

    public static VersionView of(MemoryVersion v) {
        return new VersionView(v.getMemoryId(), v.getVersion(), v.getSourceId(), v.getTokenCount(),
                v.getAppliedAt().toString(), v.getAppliedAt().toEpochMilli(), v.getPoolChecksum());
    }
}
