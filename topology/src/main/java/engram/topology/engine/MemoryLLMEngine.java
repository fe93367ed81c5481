package engram.topology.engine;

import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.Version;
import engram.engine.chunk.Chunker;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;

/**
 * The real {@link MemoryEngine}: one {@link MemoryLLM} shared by all memories, one {@link MemoryPool} per memory id,
 * created from the checkpoint's pool on first use. A {@link PoolHandle} of this engine wraps a {@code MemoryPool};
 * snapshots are the pool's own safetensors files ({@link MemoryPool#snapshot}), with the topology's metadata among
 * the string metadata.
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
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

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

    /** The model, for tools and tests that work on it directly (the topology does not). */
    public MemoryLLM model() {
        return model;
    }

    /** A pool made on {@link #model()} directly (by a tool or a test), as a detached pool of this engine. */
    public PoolHandle adopt(MemoryPool pool) {
        return new Pool(this, Objects.requireNonNull(pool, "pool"));
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
    public EncodedText encode(String text) {
        Encoding encoding = tokenizer.encode(text);
        return new EncodedText(encoding.ids(), encoding.charStart(), encoding.charEnd());
    }

    @Override
    public List<TextChunk> chunk(String text, int maxTokens) {
        return new Chunker(tokenizer::encode, maxTokens, MIN_CHUNK).chunk(text).stream()
                .map(c -> new TextChunk(c.text(), c.tokenIds())).toList();
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
        Pool pool = pools.get(memoryId);
        return pool == null ? 0 : pool.version();
    }

    @Override
    public AppliedUpdate selfUpdate(String memoryId, UpdateInput update) {
        Pool pool = pools.computeIfAbsent(memoryId, id -> {
            Pool created = new Pool(this, model.newPool(seedOf(id)));
            created.liveAs = id;
            return created;
        });
        return apply(pool, update);
    }

    @Override
    public GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        Pool pool = pools.get(memoryId);
        if (pool == null) {
            throw new IllegalArgumentException("memory '" + memoryId + "' has no updates");
        }
        return generate(pool.pool, question, maxNewTokens);
    }

    @Override
    public PoolHandle pool(String memoryId) {
        return pools.get(memoryId);
    }

    @Override
    public void install(String memoryId, PoolHandle handle) {
        Pool pool = own(handle);
        if (pool.liveAs != null && !pool.liveAs.equals(memoryId)) {
            throw new IllegalArgumentException("this pool is the live pool of memory '" + pool.liveAs
                    + "'; install a copy of it as '" + memoryId + "'");
        }
        pool.liveAs = memoryId;
        Pool previous = pools.put(memoryId, pool);
        if (previous != null && previous != pool) {
            previous.liveAs = null;
            previous.close();
        }
    }

    @Override
    public PoolHandle newPool(String memoryId) {
        return new Pool(this, model.newPool(seedOf(memoryId)));
    }

    @Override
    public AppliedUpdate selfUpdate(PoolHandle handle, UpdateInput update) {
        Pool pool = own(handle);
        if (pool.liveAs != null) {
            throw new IllegalArgumentException("the live pool of memory '" + pool.liveAs
                    + "' is updated through selfUpdate(memoryId, update)");
        }
        return apply(pool, update);
    }

    @Override
    public GeneratedAnswer answer(PoolHandle pool, String question, int maxNewTokens) {
        return generate(own(pool).pool, question, maxNewTokens);
    }

    @Override
    public PoolHandle copy(PoolHandle pool) {
        return new Pool(this, own(pool).pool.copy());
    }

    @Override
    public void writeSnapshot(PoolHandle pool, Path file, Map<String, String> metadata) throws IOException {
        own(pool).pool.snapshot(file, metadata);
    }

    @Override
    public SnapshotInfo readSnapshotInfo(Path file) throws IOException {
        MemoryPool.SnapshotInfo info = MemoryPool.readSnapshotInfo(file);
        return new SnapshotInfo(info.version(), info.checksum(), info.modelId(), info.metadata());
    }

    @Override
    public PoolHandle restoreSnapshot(Path file) throws IOException {
        return new Pool(this, model.restorePool(file));
    }

    private AppliedUpdate apply(Pool pool, UpdateInput update) {
        Version v = model.selfUpdate(pool.pool, update.tokenIds());
        return new AppliedUpdate(v.version(), v.seed(), v.checksum(), v.durationMicros());
    }

    private GeneratedAnswer generate(MemoryPool pool, String question, int maxNewTokens) {
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

    /** {@code handle} as a pool of this engine: another engine's pool lives on another model's memory. */
    private Pool own(PoolHandle handle) {
        if (handle instanceof Pool pool && pool.engine == this) {
            return pool;
        }
        throw new IllegalArgumentException("not a pool of this engine: a pool is handed back only to the engine that"
                + " made it");
    }

    @Override
    public void close() {
        pools.values().forEach(pool -> pool.pool.close());
        pools.clear();
        model.close();
    }

    /** A pool of this engine: detached until installed, then live and owned by the engine. */
    private static final class Pool implements PoolHandle {
        final MemoryLLMEngine engine;
        final MemoryPool pool;
        /** The memory id while this is a live pool, else null. */
        volatile String liveAs;

        Pool(MemoryLLMEngine engine, MemoryPool pool) {
            this.engine = engine;
            this.pool = pool;
        }

        @Override
        public long version() {
            return pool.version();
        }

        @Override
        public String checksum() {
            return pool.checksum();
        }

        @Override
        public void close() {
            if (liveAs != null) {
                throw new IllegalStateException("the live pool of memory '" + liveAs + "' belongs to the engine");
            }
            pool.close();
        }
    }
}
