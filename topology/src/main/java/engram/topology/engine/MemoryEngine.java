package engram.topology.engine;

import engram.engine.tokenizer.Encoding;

/**
 * Everything the topology needs from a MemoryLLM: one shared model, one memory pool per memory id.
 *
 * <p>The topology calls an engine from the stream thread of the task that owns the memory: calls for one memory id
 * never overlap, but calls for different memories may (several stream threads, several partitions), so an engine
 * must allow those.
 * The real implementation is an adapter over the engine module ({@code MemoryLLM}, {@code MemoryPool}); the
 * topology never sees tensors.
 *
 * <p>Contract the apply flow relies on: {@link #version} is the number of self-updates applied to that pool
 * (0 before the first). Pools are not transactional, so after a crash or an aborted Kafka transaction the
 * adapter must bring each pool back to the version the topology's state store holds (snapshot + replay of the
 * updates topic) before the task processes more records; the topology checks this before every update and
 * stops with {@link PoolOutOfSyncException} rather than write a version that does not match the pool.
 */
public interface MemoryEngine extends AutoCloseable {

    /** Names the model weights, written into every update and version event. */
    String modelId();

    /** Names the exact tokenizer (e.g. "sha256:..." of tokenizer.json), written into every update. */
    String tokenizerId();

    /** Token ids and UTF-16 char offsets of {@code text}; no special tokens, no truncation. */
    Encoding encode(String text);

    /** Token ids must be in [0, vocabSize). */
    int vocabSize();

    /** Most tokens one self-update accepts (512 for the published MemoryLLM models). */
    int maxChunkTokens();

    /** Fewest tokens a self-update is trained for (16 for the published models); shorter ones still apply. */
    int minChunkTokens();

    /** Most new tokens one answer may generate (bounded by the model's position budget). */
    int maxNewTokens();

    /**
     * Tokens the prompt for {@code question} takes, formatted as {@link #answer} formats it. The topology rejects a
     * question whose prompt is longer than {@link #maxPromptTokens} before asking for an answer.
     */
    int promptTokens(String question);

    /**
     * Most prompt tokens an answer can start from: the model's positions less those its memory takes, less one for
     * the first answer token.
     */
    int maxPromptTokens();

    /** Whether a pool exists for this memory id (it has had at least one update). */
    boolean hasMemory(String memoryId);

    /** Updates applied to the pool of {@code memoryId}; 0 when it has none. */
    long version(String memoryId);

    /**
     * Writes {@code tokenIds} into the pool of {@code memoryId} (one self-update), creating the pool from the
     * model's initial pool on first use.
     *
     * @param updateId the deterministic id of the update, for the adapter's own bookkeeping and logs
     * @return the new version (previous + 1) and its audit data
     */
    AppliedUpdate selfUpdate(String memoryId, String updateId, int[] tokenIds);

    /**
     * Answers {@code question} from the current pool of {@code memoryId}. Prompt formatting (pretrained or chat
     * template) is the engine's job: the topology passes the user's question verbatim.
     */
    GeneratedAnswer answer(String memoryId, String question, int maxNewTokens);

    /** Releases the model; no exceptions expected beyond runtime ones. */
    @Override
    void close();
}
