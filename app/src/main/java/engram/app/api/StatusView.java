package engram.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code GET /api/status}: everything {@code engram status} prints. */
@Serdeable
public record StatusView(
        String engramVersion,
        Kafka kafka,
        Model model,
        String topology,
        List<MemoryView> memories,
        List<AnswerView> recentAnswers) {

    @Serdeable
    public record Kafka(String bootstrapServers, boolean embedded, String topicPrefix) {}

    @Serdeable
    public record Model(String path, String device, @Nullable String modelId, boolean loaded) {}
}
