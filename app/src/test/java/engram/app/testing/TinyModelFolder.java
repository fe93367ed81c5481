package engram.app.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import engram.engine.ModelConfig;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;
import engram.train.corpus.TokenizerCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real model folder the service can load: a BPE tokenizer trained on the corpus fixture and a MemoryLLM with
 * random weights (d=16, 1 layer, K=2, N=8). Its answers are noise; its pools, versions and checksums are real.
 */
public final class TinyModelFolder {

    private TinyModelFolder() {}

    public static Path write(Path dir) throws IOException {
        return write(dir, 1);
    }

    /** Another seed gives other weights, so another model id (same tokenizer and architecture). */
    public static Path write(Path dir, long seed) throws IOException {
        BpeTrainer bpe = new BpeTrainer();
        TokenizerCorpus.feed(1, 200, bpe::add);
        BpeModel tokenizer = bpe.train(300, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> { });
        tokenizer.write(dir);
        ModelConfig config = ModelConfig.parse("""
                {"vocab_size": %d, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                 "num_attention_heads": 1, "max_position_embeddings": 1024, "eos_token_id": %d,
                 "num_tokens": 2, "num_blocks": 4}
                """.formatted(tokenizer.vocabSize(), tokenizer.idOf("<|endoftext|>")));
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(config, m, seed)) {
            CheckpointWriter.write(dir, config, w, Map.of());
        }
        // a d=16 model's ops are far too small to split: one torch thread is much faster on a shared machine
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        return dir;
    }
}
