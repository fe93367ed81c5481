package engram.topology.engine;

import java.util.List;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the topology needs from a MemoryLLM: one shared model, one live memory pool per memory id, and pools
 * held apart from the live ones for durability (snapshots, recovery, replay, as-of answers, forgetting).
 *
 * <p>The topology calls an engine from the stream thread of the task that owns the memory: calls for one memory id
 * never overlap, but calls for different memories may (several stream threads, several partitions), so an engine
 * must allow those. A detached pool is used by one thread at a time. The real implementation is an adapter over the
 * engine module ({@link MemoryLLMEngine}); the topology never sees tensors: a pool is a {@link PoolHandle}.
 *
 * <p>Contract the apply flow relies on: {@link #version} is the number of self-updates applied to that pool
 * (0 before the first). Pools are not transactional, so after a crash or an aborted Kafka transaction a pool may
 * not be at the version the topology's state store holds; durability brings it back (snapshot + replay of the
 * updates topic, {@link #install}) before the task processes more records, and the topology checks this before
 * every update and stops with {@link PoolOutOfSyncException} rather than write a version that does not match.
 *
 * <p>Determinism contract durability relies on: the same updates applied to {@link #newPool} of a memory id give the
 * same checksums, in this engine, in another instance of it (a restart, an auditor) and on the live pool alike.
 */
public interface MemoryEngine extends AutoCloseable {

    /** Names the model weights, written into every update, version event and snapshot. */
    String modelId();

    /** Names the exact tokenizer (e.g. "sha256:..." of tokenizer.json), written into every update. */
    String tokenizerId();

    /** Token ids and UTF-16 char offsets of {@code text}; no special tokens, no truncation. */
    EncodedText encode(String text);

    /**
     * Cuts {@code text} into self-update inputs of at most {@code maxTokens} tokens each, at the best boundaries the
     * limit allows (paragraph, line, sentence, word), losing nothing: the chunks' texts concatenate to the text, and
     * each chunk's ids are its own text encoded on its own. The rules are the engine's chunker's
     * ({@code engram.engine.chunk.Chunker}: the evals cut text with it too, so what they measure is what the service
     * writes).
     */
    List<TextChunk> chunk(String text, int maxTokens);

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

    // ---- the live memories ----

    /** Whether a live pool exists for this memory id (it has had an update, or one was installed). */
    boolean hasMemory(String memoryId);

    /** Updates applied to the live pool of {@code memoryId}; 0 when it has none. */
    long version(String memoryId);

    /**
     * One self-update of the live pool of {@code memoryId}, creating it as {@link #newPool} on first use.
     *
     * @return the new version (previous + 1) and its audit data
     */
    AppliedUpdate selfUpdate(String memoryId, UpdateInput update);

    /**
     * Answers {@code question} from the live pool of {@code memoryId}. Prompt formatting (pretrained or chat
     * template) is the engine's job: the topology passes the user's question verbatim.
     */
    GeneratedAnswer answer(String memoryId, String question, int maxNewTokens);

    /**
     * The live pool of {@code memoryId}, lent to be read (its version and checksum, a snapshot, a copy) by the
     * thread that owns the memory; never closed or updated through the handle. Null when there is none.
     */
    PoolHandle pool(String memoryId);

    /**
     * Makes a detached pool (a rebuild, a restored snapshot) the live pool of {@code memoryId}: the engine takes it
     * over, and closes the one it replaces.
     */
    void install(String memoryId, PoolHandle pool);

    // ---- pools held apart from the live ones ----

    /** A new detached pool of {@code memoryId} at version 0: what its first self-update starts from. */
    PoolHandle newPool(String memoryId);

    /** One self-update of a detached pool, exactly as {@link #selfUpdate(String, UpdateInput)} does it. */
    AppliedUpdate selfUpdate(PoolHandle pool, UpdateInput update);

    /** Answers from a detached pool (an earlier version, a rebuild), as {@link #answer(String, String, int)} does. */
    GeneratedAnswer answer(PoolHandle pool, String question, int maxNewTokens);

    /** A detached copy of {@code pool} (live or detached). */
    PoolHandle copy(PoolHandle pool);

    // ---- snapshot files: the engine decides what is inside; the topology names them and adds metadata ----

    /**
     * Writes {@code pool} (live or detached) to {@code file} with {@code metadata}, atomically: after a crash the
     * file is either complete or absent (a temporary file under another name may be left beside it).
     */
    void writeSnapshot(PoolHandle pool, Path file, Map<String, String> metadata) throws IOException;

    /** Reads what a snapshot file says about itself, without restoring it. */
    SnapshotInfo readSnapshotInfo(Path file) throws IOException;

    /**
     * Restores a snapshot as a detached pool, checking that this model wrote it and that its contents match its
     * checksum.
     *
     * @throws IOException naming the file and what is wrong with it (unreadable, another model's, corrupted)
     */
    PoolHandle restoreSnapshot(Path file) throws IOException;

    /** Releases the model and the live pools; no exceptions expected beyond runtime ones. */
    @Override
    void close();
}
