package engram.topology.engine;

import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.Version;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;

/**
 * The real {@link MemoryEngine}: one {@link MemoryLLM} shared by all memories, one {@link MemoryPool} per memory id,
 * created from the checkpoint's pool on first use.
 *
 * <p>A memory's drop seed is derived from its id (SHA-256 of "engram-memory-seed:" + id, first 8 bytes), so any
 * instance, replica or auditor rebuilding memory "m" draws the same drops without being told a seed.
 *
 * <p>Prompts use the pretrained format the bundled model is trained on and the published MemoryLLM READMEs use:
 * {@code "Question: <q> Answer:"}; the answer is the greedy continuation up to an end-of-text token.
 */
public final class MemoryLLMEngine implements MemoryEngine {

    /** The published models were trained on update chunks of at most 512 tokens (memoryllm-algorithm §4.3). */
    private static final int MAX_CHUNK = 512;
    private static final int MIN_CHUNK = 16;
    private static final int MAX_ANSWER = 256;

    private final MemoryLLM model;
    private final Tokenizer tokenizer;
    /** Concurrent: stream threads own disjoint memories (a memory belongs to one task), but share this map. */
    private final Map<String, MemoryPool> pools = new ConcurrentHashMap<>();

    public MemoryLLMEngine(MemoryLLM model) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(model.tokenizer(), "the model folder has no tokenizer.json");
    }

    /** The seed every instance derives for a memory id. */
    public static long seedOf(String memoryId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("engram-memory-seed:" + memoryId).getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public MemoryLLM model() {
        return model;
    }

    /** The pool of a memory, or null (for snapshots and audits; do not close it). */
    public MemoryPool pool(String memoryId) {
        return pools.get(memoryId);
    }

    /** Installs a pool (e.g. restored from a snapshot), replacing and closing any previous one. */
    public void install(String memoryId, MemoryPool pool) {
        MemoryPool previous = pools.put(memoryId, pool);
        if (previous != null && previous != pool) {
            previous.close();
        }
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public String tokenizerId() {
        return tokenizer.id();
    }

    @Override
    public Encoding encode(String text) {
        return tokenizer.encode(text);
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public int maxChunkTokens() {
        ModelConfig c = model.config();
        int trained = c.maxChunkTokens() > 0 ? c.maxChunkTokens() : MAX_CHUNK; // what the model learned to absorb
        return Math.min(trained, c.positionBudget() - 1 - c.numTokens());
    }

    @Override
    public int minChunkTokens() {
        return MIN_CHUNK;
    }

    @Override
    public int maxNewTokens() {
        ModelConfig c = model.config();
        return Math.max(1, Math.min(MAX_ANSWER, (c.positionBudget() - c.generationPrefixRows()) / 2));
    }

    @Override
    public int promptTokens(String question) {
        return tokenizer.encode(prompt(question)).ids().length;
    }

    /** The positions after the memory prefix a pool with updates puts before the prompt, less one to answer. */
    @Override
    public int maxPromptTokens() {
        ModelConfig c = model.config();
        return Math.max(0, c.positionBudget() - c.generationPrefixRows() - 1);
    }

    @Override
    public boolean hasMemory(String memoryId) {
        return pools.containsKey(memoryId);
    }

    @Override
    public long version(String memoryId) {
        MemoryPool pool = pools.get(memoryId);
        return pool == null ? 0 : pool.version();
    }

    @Override
    public AppliedUpdate selfUpdate(String memoryId, String updateId, int[] tokenIds) {
        MemoryPool pool = pools.computeIfAbsent(memoryId, id -> model.newPool(seedOf(id)));
        Version v = model.selfUpdate(pool, tokenIds);
        return new AppliedUpdate(v.version(), v.seed(), v.checksum(), v.durationMicros());
    }

    @Override
    public GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        MemoryPool pool = pools.get(memoryId);
        if (pool == null) {
            throw new IllegalArgumentException("memory '" + memoryId + "' has no updates");
        }
        return answer(pool, question, maxNewTokens);
    }

    /** Answers from a given pool, e.g. one rebuilt at an earlier version (the caller keeps owning it). */
    public GeneratedAnswer answer(MemoryPool pool, String question, int maxNewTokens) {
        int[] prompt = tokenizer.encode(prompt(question)).ids();
        Generation g = model.generate(pool, prompt, GenerateOptions.greedy(Math.min(maxNewTokens, maxNewTokens())));
        // published checkpoints pad the embedding matrix past the tokenizer's vocabulary: such ids decode to nothing
        int[] known = java.util.Arrays.stream(g.tokens()).filter(id -> id < tokenizer.vocabSize()).toArray();
        return new GeneratedAnswer(tokenizer.decode(known).strip(), g.poolVersion(), g.tokens().length);
    }

    /** The pretrained-model prompt (memoryllm-algorithm §5.6). */
    static String prompt(String question) {
        String q = question.strip();
        return "Question: " + q + " Answer:";
    }

    @Override
    public void close() {
        pools.values().forEach(MemoryPool::close);
        pools.clear();
        model.close();
    }
}
