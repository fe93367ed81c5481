package engram.app.cli;

import engram.app.api.AnswerView;
import engram.app.api.MemoryView;
import engram.app.api.StatusView;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** Renders {@code GET /api/status} for a terminal. */
final class StatusText {
    private StatusText() {}

    static String render(String json) throws IOException {
        StatusView s = ObjectMapper.getDefault().readValue(json, StatusView.class);
        StringBuilder out = new StringBuilder();
        out.append(s.engramVersion()).append('\n');
        out.append("kafka     ").append(s.kafka().bootstrapServers()).append(s.kafka().embedded() ? " (embedded)" : "")
                .append(", topics ").append(s.kafka().topicPrefix()).append(".*\n");
        out.append("model     ").append(s.model().modelId() == null ? "-" : s.model().modelId()).append(" from ")
                .append(s.model().path()).append(" on ").append(s.model().device())
                .append(s.model().loaded() ? "" : " (not loaded)").append('\n');
        out.append("topology  ").append(s.topology()).append("\n\n");
        List<MemoryView> memories = orEmpty(s.memories()); // earlier builds left empty lists out of the JSON
        if (memories.isEmpty()) {
            out.append("no memories yet: ingest something (./engram ingest samples/news.jsonl)\n");
        } else {
            out.append(String.format("%-20s %8s %8s %6s  %s%n", "MEMORY", "VERSION", "LOGGED", "LAG", "LAST APPLIED"));
            for (MemoryView m : memories) {
                out.append(String.format("%-20s %8d %8d %6d  %s%n", m.memoryId(), m.version(), m.updatesLogged(), m.lag(),
                        m.lastAppliedAt() == null ? "-" : m.lastAppliedAt()));
            }
        }
        List<AnswerView> answers = orEmpty(s.recentAnswers());
        if (!answers.isEmpty()) {
            out.append("\nrecent answers\n");
            for (AnswerView a : answers) {
                out.append(String.format("  %-8s %-12s v%-6s %s%n", a.status(), a.memoryId(),
                        a.memoryVersion() == null ? "-" : a.memoryVersion(), a.answer().isEmpty() ? a.reason() : a.answer()));
            }
        }
        return out.toString().stripTrailing();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
