package engram.app.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import engram.engine.ModelConfig;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.engine.tokenizer.BpeModel;
import engram.engine.tokenizer.BpeTrainer;
import engram.engine.train.corpus.TokenizerCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline benchmark end to end on a tiny random model: both rates measured, report written. */
class PipelineBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void measuresThePipelineAgainstTheEngineAndWritesTheReport() throws Exception {
        Path model = dir.resolve("model");
        BpeTrainer bpe = new BpeTrainer();
        TokenizerCorpus.feed(1, 200, bpe::add);
        BpeModel tokenizer = bpe.train(300, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> { });
        tokenizer.write(model);
        ModelConfig config = ModelConfig.parse("""
                {"vocab_size": %d, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                 "num_attention_heads": 1, "max_position_embeddings": 1024, "eos_token_id": %d,
                 "num_tokens": 2, "num_blocks": 4}
                """.formatted(tokenizer.vocabSize(), tokenizer.idOf("<|endoftext|>")));
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(config, m, 1)) {
            CheckpointWriter.write(model, config, w, Map.of());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineBenchmark.Report report = new PipelineBenchmark(new PrintStream(log, true))
                .run(new PipelineBenchmark.Options(model, 12, dir.resolve("out"), 0));
        assertEquals(12, report.updates());
        assertTrue(report.engineUpdatesPerSecond() > 0 && report.pipelineUpdatesPerSecond() > 0, report.toString());
        assertTrue(report.tokensPerUpdate() >= 16, "contexts are at least the trained minimum: " + report);
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.md")).contains("pipeline / engine"));
        assertTrue(Files.readString(dir.resolve("out/bench-pipeline.json")).contains("\"ratio\""));
    }
}
