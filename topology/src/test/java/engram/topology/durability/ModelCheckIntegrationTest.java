package engram.topology.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.engine.MemoryLLMEngine;
import engram.topology.testing.TinyMemoryLLM;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The startup check against the versions topic the real service wrote: its own model passes, a history applied
 * by another model is named with both ids and the fix, and a topic without versions passes.
 */
class ModelCheckIntegrationTest {

    @Test
    void theModelThatWroteTheHistoryMayContinueIt() throws Exception {
        ServiceHistory history = ServiceHistory.shared();
        try (MemoryLLMEngine engine = TinyMemoryLLM.engine(history.modelDir)) {
            assertEquals(Optional.empty(), ModelCheck.problem(logs(history), engine.modelId()));
        }
    }

    @Test
    void aHistoryWrittenByAnotherModelIsRefusedWithBothIdsAndTheFix() throws Exception {
        ServiceHistory history = ServiceHistory.shared();
        String old = "engram-tiny@000000000000";
        String versions = history.versionsRewritten(".old-model", v -> v.setModelId(old));
        Optional<String> problem = ModelCheck.problem(
                logs(history).withTopics(history.config.topics().updates(), versions), "engram-tiny@841a6b0db4e4");
        assertTrue(problem.isPresent(), "a versions topic written by " + old + " must be refused");
        String text = problem.get();
        assertTrue(text.contains(old) && text.contains("engram-tiny@841a6b0db4e4"), text);
        assertTrue(text.contains("--model") && text.contains(".engram/"), text);
    }

    @Test
    void aTopicWithoutVersionsPasses() throws Exception {
        ServiceHistory history = ServiceHistory.shared();
        String empty = history.config.topics().versions() + ".empty";
        try (Admin admin = history.broker.admin()) {
            admin.createTopics(List.of(new NewTopic(empty, history.config.partitions(), (short) 1))).all().get();
        }
        assertEquals(Optional.empty(), ModelCheck.problem(
                logs(history).withTopics(history.config.topics().updates(), empty), "any-model"));
    }

    private static LogAccess logs(ServiceHistory history) {
        return LogAccess.of(history.broker.bootstrapServers(), history.config.topics());
    }
}
