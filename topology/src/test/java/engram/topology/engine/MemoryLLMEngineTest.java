package engram.topology.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.engine.tokenizer.ByteLevelBpeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter over a real (tiny, random) MemoryLLM: pools per memory id, deterministic seeds, answers. */
class MemoryLLMEngineTest {

    @TempDir
    Path dir;

    private MemoryLLMEngine engine(Path modelDir) throws Exception {
        return new MemoryLLMEngine(MemoryLLM.load(modelDir, EngineOptions.cpu()));
    }

    private static UpdateInput input(String updateId, int[] ids) {
        return new UpdateInput(updateId, "", ids);
    }

    private Path tinyModel() throws Exception {
        return tinyModel("model", "");
    }

    /** A tiny random model; {@code extraKeys} are added to its config.json (e.g. ", \"key\": 1"). */
    private Path tinyModel(String name, String extraKeys) throws Exception {
        Path modelDir = dir.resolve(name);
        java.nio.file.Files.createDirectories(modelDir);
        ByteLevelBpeFixture.write(modelDir);
        ModelConfig config = ModelConfig.parse("""
                {"vocab_size": 268, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 2, "max_position_embeddings": 128, "eos_token_id": 266,
                 "num_tokens": 4, "num_blocks": 4%s}
                """.formatted(extraKeys));
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(config, m, 1)) {
            CheckpointWriter.write(modelDir, config, w, Map.of());
        }
        return modelDir;
    }

    @Test
    void poolsArePerMemoryAndSeedsDeriveFromTheMemoryId() throws Exception {
        Path model = tinyModel();
        int[] ids;
        String first;
        try (MemoryLLMEngine engine = engine(model)) {
            ids = engine.encode("hello world hello").ids();
            assertEquals(0, engine.version("a"));
            AppliedUpdate a1 = engine.selfUpdate("a", input("u1", ids));
            AppliedUpdate b1 = engine.selfUpdate("b", input("u2", ids));
            AppliedUpdate a2 = engine.selfUpdate("a", input("u3", ids));
            assertEquals(1, a1.version());
            assertEquals(1, b1.version());
            assertEquals(2, a2.version());
            assertEquals(MemoryLLMEngine.seedOf("a"), a1.dropSeed());
            assertNotEquals(a1.dropSeed(), b1.dropSeed());
            assertTrue(engine.hasMemory("b"));
            first = a2.poolChecksum();
            GeneratedAnswer answer = engine.answer("a", "hello?", 3);
            assertEquals(2, answer.version());
            assertTrue(answer.tokensGenerated() <= 3);
            assertThrows(IllegalArgumentException.class, () -> engine.answer("nobody", "hello?", 3));
        }
        try (MemoryLLMEngine again = engine(model)) {
            again.selfUpdate("a", input("u1", ids));
            assertEquals(first, again.selfUpdate("a", input("u3", ids)).poolChecksum(), "same memory id, same pool");
        }
    }

    @Test
    void detachedPoolsAreBuiltSnapshottedAndInstalledAsTheLiveOnes() throws Exception {
        Path model = tinyModel();
        try (MemoryLLMEngine engine = engine(model); MemoryLLMEngine other = engine(model)) {
            int[] ids = engine.encode("hello world hello").ids();
            engine.selfUpdate("a", input("u1", ids));
            AppliedUpdate live = engine.selfUpdate("a", input("u2", ids));

            PoolHandle rebuilt = engine.newPool("a");
            engine.selfUpdate(rebuilt, input("u1", ids));
            AppliedUpdate replayed = engine.selfUpdate(rebuilt, input("u2", ids));
            assertEquals(live, new AppliedUpdate(replayed.version(), replayed.dropSeed(), replayed.poolChecksum(),
                    live.durationMicros()), "a detached pool of the same memory id is the live pool");
            assertEquals(engine.pool("a").checksum(), rebuilt.checksum());
            assertEquals(engine.answer("a", "hello?", 3), engine.answer(rebuilt, "hello?", 3));

            Path file = dir.resolve("a.safetensors");
            engine.writeSnapshot(rebuilt, file, Map.of("engram.memory_id", "a"));
            SnapshotInfo info = engine.readSnapshotInfo(file);
            assertEquals(2, info.version());
            assertEquals(rebuilt.checksum(), info.checksum());
            assertEquals(engine.modelId(), info.modelId());
            assertEquals("a", info.metadata().get("engram.memory_id"));
            PoolHandle restored = engine.restoreSnapshot(file);
            assertEquals(rebuilt.checksum(), restored.checksum());

            engine.install("b", restored);
            assertEquals(2, engine.version("b"));
            assertThrows(IllegalStateException.class, restored::close, "a live pool belongs to the engine");
            assertThrows(IllegalArgumentException.class, () -> engine.selfUpdate(restored, input("u3", ids)),
                    "the live pool is updated by memory id only");
            assertThrows(IllegalArgumentException.class, () -> other.selfUpdate(rebuilt, input("u3", ids)),
                    "a pool goes back only to the engine that made it");
            assertEquals(3, engine.selfUpdate("b", input("u3", ids)).version());
            rebuilt.close();
        }
    }

    @Test
    void chunksAreNoLongerThanTheModelWasTrainedToAbsorb() throws Exception {
        try (MemoryLLMEngine plain = engine(tinyModel());
             MemoryLLMEngine trained = engine(tinyModel("short", ", \"engram_max_chunk_tokens\": 24"))) {
            // the position budget (128 - 1 - K) binds for the plain one; the declared limit for the other
            assertEquals(123, plain.maxChunkTokens());
            assertEquals(24, trained.maxChunkTokens());
        }
    }

    @Test
    void maxPromptTokensIsExactlyWhatTheModelCanStillAnswerFrom() throws Exception {
        try (MemoryLLMEngine engine = engine(tinyModel())) {
            engine.selfUpdate("m", input("u1", engine.encode("hello world hello").ids()));
            int limit = engine.maxPromptTokens();
            StringBuilder question = new StringBuilder("|");
            while (engine.promptTokens(question.toString()) < limit) {
                question.append('|');
            }
            assertEquals(limit, engine.promptTokens(question.toString()), "one token per '|' in the fixture");
            assertEquals(1, engine.answer("m", question.toString(), 3).tokensGenerated(), "room for one token");
            String tooLong = question + "|";
            assertEquals(limit + 1, engine.promptTokens(tooLong));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> engine.answer("m", tooLong, 3));
            assertTrue(refused.getMessage().contains("exceeds the position budget"), refused.getMessage());
        }
    }
}
