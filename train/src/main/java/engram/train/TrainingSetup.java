package engram.train;

import engram.engine.ModelConfig;
import engram.engine.tokenizer.Tokenizer;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a run from scratch starts from: a tokenizer trained on the corpus, and the model's config.json. */
final class TrainingSetup {

    private TrainingSetup() {
    }

    /**
     * The run's tokenizer: {@code modelDir/tokenizer.json}, trained (byte-level BPE) on the run's corpus's TRAIN text
     * and written there first.
     */
    static Tokenizer tokenizer(TrainConfig cfg, Path modelDir, PrintStream log) throws IOException {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            BpeTrainer bpe = new BpeTrainer();
            cfg.data().source().feedTokenizer(cfg.seed(), cfg.data().tokenizerSamples(), bpe::add);
            BpeModel model = bpe.train(cfg.model().vocabSize(), BpeTrainer.DEFAULT_SPECIAL_TOKENS,
                    line -> log.println("tokenizer: " + line));
            model.write(modelDir);
            log.printf("tokenizer: %d tokens written to %s%n", model.vocabSize(), file);
        }
        return Tokenizer.load(file);
    }

    /**
     * Plain RoPE, per-layer drops, b_l; EOS doubles as BOS (never fed: b_l plays its role), and the longest
     * training context is the longest the service may feed one self-update ({@code engram_max_chunk_tokens}).
     */
    static ModelConfig modelConfig(TrainConfig cfg, int vocab, int eos) {
        TrainConfig.Model m = cfg.model();
        return ModelConfig.parse("""
                {"vocab_size": %d, "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
                 "num_attention_heads": %d, "num_key_value_heads": %d, "max_position_embeddings": %d,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": %d, "eos_token_id": %d,
                 "tie_word_embeddings": %b,
                 "num_tokens": %d, "num_blocks": %d, "add_bos_embedding": true, "drop_memory_per_layer": true,
                 "engram_max_chunk_tokens": %d}
                """.formatted(vocab, m.hiddenSize(), m.intermediateSize(), m.layers(), m.heads(), m.keyValueHeads(),
                m.maxPositions(), eos, eos, m.tieEmbeddings(), m.numTokens(), m.numBlocks(),
                cfg.data().maxContext()));
    }
}
