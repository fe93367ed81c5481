package engram.app.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code POST /api/ingest} reply: what was published, and each unusable line with the reason. */
@Serdeable
public record IngestResult(String topic, long published, List<String> skipped) {}
