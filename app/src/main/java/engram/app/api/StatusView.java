package engram.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code GET /api/status}: everything {@code engram status} prints. The lists are written even when empty (the
 * serializer leaves empty ones out by default), so a client of a fresh service reads "no memories" and not "no
 * field".
 */
@Serdeable
public record StatusView(
        String engramVersion,
        Kafka kafka,
        Model model,
        String topology,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<MemoryView> memories,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<AnswerView> recentAnswers) {

    @Serdeable
    public record Kafka(String bootstrapServers, boolean embedded, String topicPrefix) {}

    @Serdeable
    public record Model(String path, String device, @Nullable String modelId, boolean loaded) {}
}
