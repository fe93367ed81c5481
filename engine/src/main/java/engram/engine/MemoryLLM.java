package engram.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.io.CheckpointFiles;
import engram.engine.io.Safetensors;
import engram.engine.ltm.BlockRetrievers;
import engram.engine.ltm.LongTermMemory;
import engram.engine.ltm.LtmSettings;
import engram.engine.ltm.PromoteRead;
import engram.engine.ltm.RetrieverProjectors;
import engram.engine.model.Backbone;
import engram.engine.model.CausalMask;
import engram.engine.model.DecoderLayer;
import engram.engine.model.KeyValues;
import engram.engine.model.Rope;
import engram.engine.model.Weights;
import engram.engine.pool.CounterDropSource;
import engram.engine.pool.DropIndexSource;
import engram.engine.tokenizer.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MemoryLLM (Wang et al., ICML 2024): a transformer whose every layer reads a fixed-size pool of memory hidden
 * states, and writes to it by <em>self-update</em>.
 *
 * <ul>
 *   <li>{@link #selfUpdate}: run new text through the model with the pool's last K rows as prefix, take the last K
 *       outputs of every layer as new memory Δ, drop K rows of the pool and append Δ (memoryllm-algorithm §4).</li>
 *   <li>{@link #generate}: answer with {@code [b_l ; θ_l]} as prefix of every layer (§5), greedy or sampled.</li>
 * </ul>
 * With a long-term memory (config.json {@code engram_ltm_window} or {@link EngineOptions#ltmWindow}) each pool also
 * keeps the blocks of its last W updates, and {@link #generate(MemoryPool, int[], GenerateOptions, PromoteRead)}
 * can bring the blocks that match a question back to the newest end of the prefix (engram.engine.ltm).
 *
 * One model serves many {@link MemoryPool}s (one per memory id). Which rows a self-update drops is a pure function
 * of (pool seed, version) given by the {@link DropIndexSource}, so any pool version can be rebuilt exactly.
 */
public final class MemoryLLM implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryLLM.class);
    /** The published models were trained on contexts of 16..512 tokens (§4.3). */
    public static final int MIN_TRAINED_CONTEXT = 16;
    public static final int MAX_TRAINED_CONTEXT = 512;

    private final ModelConfig config;
    private final NDManager manager;
    private final Weights weights;
    private final Backbone backbone;
    private final Tokenizer tokenizer;
    private final DropIndexSource drops;
    private final String modelId;
    private final Device device;
    private final DataType dtype;
    private final LtmSettings ltm;
    private final RetrieverProjectors projectors;

    private MemoryLLM(ModelConfig config, NDManager manager, Weights weights, Tokenizer tokenizer,
                      DropIndexSource drops, String modelId, DataType dtype, LtmSettings ltm,
                      RetrieverProjectors projectors) {
        this.ltm = ltm.validate(config);  // resolves the default R for this pool size
        this.projectors = projectors;
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.drops = drops;
        this.modelId = modelId;
        this.device = manager.getDevice();
        this.dtype = dtype;
        int positions = config.positionBudget();
        if (positions < config.generationPrefixRows() + 2) {
            throw new ModelConfig.InvalidConfigException("config field 'max_position_embeddings' gives a position "
                    + "budget of " + positions + ", too small for the prefix of " + config.generationPrefixRows()
                    + " rows (b_l + N = num_blocks * num_tokens)");
        }
        this.backbone = new Backbone(config, weights, new Rope(config, manager, dtype, positions));
    }

    /**
     * Loads a Hugging Face-layout model folder: config.json, model.safetensors or sharded model-*.safetensors with
     * index, and tokenizer.json when present.
     */
    public static MemoryLLM load(Path dir, EngineOptions options) throws IOException {
        return load(dir, options, new CounterDropSource());
    }

    public static MemoryLLM load(Path dir, EngineOptions options, DropIndexSource drops) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("model folder not found: " + dir);
        }
        ModelConfig config = ModelConfig.load(dir);
        Device device = options.resolveDevice();
        DataType dtype = options.resolveDtype(device);
        NDManager manager = NDManager.newBaseManager(device);
        try (CheckpointFiles files = Safetensors.openCheckpoint(dir)) {
            Weights weights = Weights.load(files, config, manager, dtype);
            if (!weights.initialized()) {
                LOG.warn("{}: 'initialized' is 0: the first self-update will tile the pool (memoryllm-algorithm §4.6)",
                        dir);
            }
            if (config.officialBranch() == ModelConfig.OfficialBranch.MEMORYLLM_7B && config.ropeTheta() != 10000.0) {
                LOG.warn("{}: rope_theta {} is not used: the official 7b code's interpolated RoPE has base 10000",
                        dir, config.ropeTheta());
            }
            LtmSettings ltm = LtmSettings.load(dir);
            ltm = options.ltmWindow() == null ? ltm : ltm.withWindow(options.ltmWindow());
            RetrieverProjectors projectors = RetrieverProjectors.read(files, config, manager, dtype);
            Tokenizer tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json")) ? Tokenizer.load(dir) : null;
            return new MemoryLLM(config, manager, weights, tokenizer, drops, ModelIds.of(dir, files), dtype, ltm,
                    projectors);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A model from weights already in memory (tests, training). Takes ownership of {@code manager}. */
    public static MemoryLLM of(ModelConfig config, NDManager manager, Weights weights, Tokenizer tokenizer,
                               DropIndexSource drops, String modelId) {
        DataType dtype = weights.require(Weights.EMBED).getDataType();
        return new MemoryLLM(config, manager, weights, tokenizer, drops, modelId, dtype, LtmSettings.OFF, null);
    }

    public ModelConfig config() {
        return config;
    }

    public String modelId() {
        return modelId;
    }

    public Device device() {
        return device;
    }

    public DataType dtype() {
        return dtype;
    }

    public Backbone backbone() {
        return backbone;
    }

    public Weights weights() {
        return weights;
    }

    /** The model's tokenizer, or null if the folder had none. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public DropIndexSource drops() {
        return drops;
    }

    /** The long-term-memory settings pools of this model get (window 0: off). */
    public LtmSettings ltmSettings() {
        return ltm;
    }

    /** The promote read with the named retriever and this model's R and β (the oracle is built by the caller). */
    public PromoteRead promoteRead(String retriever) {
        return new PromoteRead(BlockRetrievers.create(retriever, ltm, projectors), ltm.promoteRows(),
                ltm.recencyPrior());
    }

    /** A new memory at version 0: a copy of the checkpoint's pool, whose drops derive from {@code seed}. */
    public MemoryPool newPool(long seed) {
        return newPool(seed, ltm.window());
    }

    /** {@link #newPool(long)} with a long-term memory of window {@code ltmWindow} updates (0: none). */
    public MemoryPool newPool(long seed, int ltmWindow) {
        NDManager child = manager.newSubManager();
        LongTermMemory longTerm = ltmWindow == 0 ? null : LongTermMemory.empty(ltmWindow, config.numLayers(),
                config.poolSize(), config.numTokens(), config.hiddenSize(), 0);
        return new MemoryPool(child, weights.require(Weights.MEMORY).duplicate(), seed, 0, weights.initialized(),
                modelId, longTerm);
    }

    /**
     * Reads a pool snapshot written by {@link MemoryPool#snapshot}, checking model, shape and checksum (and the long-
     * term memory's checksums when the snapshot has one).
     */
    public MemoryPool restorePool(Path file) throws IOException {
        return MemoryPool.restore(file, manager, dtype, modelId, weights.require(Weights.MEMORY).getShape(),
                ltm.window(), config.numTokens());
    }

    /**
     * Self-update (§4): writes {@code tokenIds} into {@code pool} as K new memory rows per layer, dropping K rows
     * chosen by the drop source from (pool seed, new version). The pool is unchanged if anything fails.
     *
     * @throws IllegalArgumentException for an empty input, an id outside the vocabulary, or an input longer than
     *                                  the position budget allows
     */
    public Version selfUpdate(MemoryPool pool, int[] tokenIds) {
        return selfUpdate(pool, tokenIds, null);
    }

    /**
     * {@link #selfUpdate(MemoryPool, int[])} for an update from a known source ({@code sourceId}, e.g. a news item's
     * id; may be null): the long-term memory groups blocks of one source when it promotes them.
     */
    public Version selfUpdate(MemoryPool pool, int[] tokenIds, String sourceId) {
        checkTokens(tokenIds, "self-update input");
        checkPool(pool);
        int k = config.numTokens();
        if (1 + k + tokenIds.length > config.positionBudget()) {
            throw new IllegalArgumentException("self-update input of " + tokenIds.length + " tokens exceeds the "
                    + "position budget (" + (config.positionBudget() - 1 - k) + " tokens); split it into chunks of at most "
                    + MAX_TRAINED_CONTEXT);
        }
        if (tokenIds.length < MIN_TRAINED_CONTEXT || tokenIds.length > MAX_TRAINED_CONTEXT) {
            LOG.debug("self-update of {} tokens is outside the trained range {}..{}", tokenIds.length,
                    MIN_TRAINED_CONTEXT, MAX_TRAINED_CONTEXT);
        }
        long started = System.nanoTime();
        long nextVersion = pool.version() + 1;
        NDArray next;
        int[][] survivors = pool.initialized() ? drops.survivors(config.numLayers(), config.poolSize(), k,
                config.dropMemoryPerLayer(), pool.seed(), nextVersion) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray ids = ids(pool.manager(), tokenIds);
            NDArray tail = pool.initialized()
                    ? pool.rows().get(new NDIndex(":, {}:", config.poolSize() - k)).expandDims(1) : null;
            NDArray delta = backbone.inject(ids, tail).squeeze(1);          // [L, K, d]
            next = pool.initialized() ? PoolRows.dropAndAppend(pool.rows(), delta, survivors)
                    : PoolRows.tile(delta, config.poolSize());
            NDScope.unregister(next);
        }
        pool.advance(next, survivors, sourceId, tokenIds);
        long micros = (System.nanoTime() - started) / 1000;
        return new Version(pool.version(), tokenIds.length, pool.seed(), pool.checksum(), micros,
                pool.ltmChecksum());
    }

    /**
     * Generates up to {@code options.maxNewTokens()} tokens after {@code promptIds} with the pool as memory (§5).
     * Prefill reads [b_l ; θ_l] as prefix; decode steps reuse a KV cache. With {@code useMemoryCache} the memory's
     * keys/values are computed once per pool version and shared by every query until the next update. A pool that
     * was never written (§4.6) is not read at all: the model generates as a plain LM from position 0, as the
     * official code does.
     *
     * @throws IllegalArgumentException for an empty prompt, an id outside the vocabulary, or a prompt that leaves no
     *                                  room in the position budget
     */
    public Generation generate(MemoryPool pool, int[] promptIds, GenerateOptions options) {
        return generate(pool, promptIds, options, null);
    }

    /**
     * {@link #generate(MemoryPool, int[], GenerateOptions)} with a promote read of the pool's long-term memory
     * (long-term-memory.md §3.3; {@code read} null, or a pool without one: the plain read): the prefill is pass 1;
     * when the read promotes blocks, the prompt is read again (pass 2) with those blocks at the newest end of the
     * prefix, and decoding continues from there. The generation records the promoted versions.
     */
    public Generation generate(MemoryPool pool, int[] promptIds, GenerateOptions options, PromoteRead read) {
        checkTokens(promptIds, "prompt");
        checkPool(pool);
        int prefixRows = prefixRows(pool);
        int room = config.positionBudget() - prefixRows - promptIds.length;
        if (room < 1) {
            throw new IllegalArgumentException("prompt of " + promptIds.length + " tokens exceeds the position budget: "
                    + "at most " + (config.positionBudget() - prefixRows - 1) + " prompt tokens fit after the memory");
        }
        int maxNew = Math.min(options.maxNewTokens(), room);
        Set<Integer> stop = new HashSet<>(options.stopTokens() != null ? options.stopTokens() : config.eosTokenIds());
        Sampler sampler = new Sampler(options);
        String adapter = backbone.adapter(false);
        int layers = config.numLayers();
        KeyValues[] cache = new KeyValues[layers];
        List<Integer> out = new ArrayList<>();
        long started = System.nanoTime();
        long prefillMicros;
        PromoteRead.Promotion promotion = null;
        Generation.StopReason reason = maxNew < options.maxNewTokens()
                ? Generation.StopReason.POSITION_BUDGET : Generation.StopReason.MAX_NEW_TOKENS;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            KeyValues[] memory = memoryKeyValues(pool, options.useMemoryCache());
            NDArray[] inputs = read == null || pool.ltm() == null ? null : new NDArray[layers];
            float[] logits = step(ids(pool.manager(), promptIds), prefixRows, memory, cache, adapter, inputs);
            if (inputs != null) {
                promotion = read.choose(backbone, pool.rows(), pool.ltm(), promptIds, inputs);
                if (promotion.prefix() != null) { // pass 2: the same prompt with the promoted blocks nearest
                    closeAll(cache);
                    Arrays.fill(cache, null);
                    memory = prefixKeyValues(promotion.prefix());
                    logits = step(ids(pool.manager(), promptIds), prefixRows, memory, cache, adapter, null);
                }
            }
            prefillMicros = (System.nanoTime() - started) / 1000;
            int position = prefixRows + promptIds.length;
            while (out.size() < maxNew) {
                int next = sampler.next(logits);
                if (stop.contains(next)) {
                    reason = Generation.StopReason.STOP_TOKEN;
                    break;
                }
                out.add(next);
                if (out.size() == maxNew) {
                    break;
                }
                try (NDScope stepScope = new NDScope()) {
                    stepScope.suppressNotUsedWarning();
                    logits = step(ids(pool.manager(), new int[] {next}), position, memory, cache, adapter, null);
                }
                position++;
            }
        } finally {
            closeAll(cache);
        }
        long decodeMicros = (System.nanoTime() - started) / 1000 - prefillMicros;
        return new Generation(out.stream().mapToInt(Integer::intValue).toArray(), reason, pool.version(),
                prefillMicros, decodeMicros, promotion == null ? new long[0] : promotion.versions(),
                promotion == null ? null : promotion.retriever());
    }

    /**
     * Next-token logits (fp32, last prompt row) after {@code promptIds} with the pool as memory; the same path as
     * {@link #generate}'s prefill. For evaluation and tests.
     */
    public float[] nextTokenLogits(MemoryPool pool, int[] promptIds, boolean useMemoryCache) {
        checkTokens(promptIds, "prompt");
        checkPool(pool);
        KeyValues[] cache = new KeyValues[config.numLayers()];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            KeyValues[] memory = memoryKeyValues(pool, useMemoryCache);
            return step(ids(pool.manager(), promptIds), prefixRows(pool), memory, cache, backbone.adapter(false),
                    null);
        } finally {
            closeAll(cache);
        }
    }

    /** Next-token logits with no memory at all (the "no-memory baseline" of the retention eval). */
    public float[] nextTokenLogitsWithoutMemory(int[] promptIds) {
        checkTokens(promptIds, "prompt");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logits = backbone.logits(ids(manager, promptIds), null);
            return logits.get(new NDIndex("0, -1")).toFloatArray();
        }
    }

    /**
     * One forward of {@code ids [1, Q]} at positions {@code first..}: memory prefix and the growing cache, whose
     * entries are replaced (the old arrays closed). Returns the last row's fp32 logits. With {@code inputs} (length
     * L) each layer's input states are recorded there.
     */
    private float[] step(NDArray ids, int first, KeyValues[] memory, KeyValues[] cache, String adapter,
                         NDArray[] inputs) {
        NDArray h = backbone.embed(ids);
        int q = Math.toIntExact(ids.getShape().get(1));
        int cached = cache[0] == null ? 0 : Math.toIntExact(cache[0].rows());
        NDArray mask = q == 1 ? null : CausalMask.of(h.getManager(), q, cached, dtype);
        KeyValues[] extended = new KeyValues[1];
        for (int l = 0; l < config.numLayers(); l++) {
            DecoderLayer layer = backbone.layer(l);
            if (inputs != null) {
                inputs[l] = h;
            }
            h = layer.forward(h, first, memory[l], cache[l], mask, backbone.rope(), adapter, extended);
            NDScope.unregister(extended[0].keys(), extended[0].values());
            if (cache[l] != null) {
                cache[l].close();
            }
            cache[l] = extended[0];
        }
        return backbone.logits(h.get(new NDIndex(":, -1:"))).toFloatArray();
    }

    /** Rows before the prompt: b_l and the pool, or none while the pool is uninitialised (§4.6). */
    private int prefixRows(MemoryPool pool) {
        return pool.initialized() ? config.generationPrefixRows() : 0;
    }

    /**
     * Per layer, K/V of [b_l ; θ_l] at positions 0..N for the decoder adapter: cached per version or fresh. No prefix
     * (nulls) for an uninitialised pool.
     */
    private KeyValues[] memoryKeyValues(MemoryPool pool, boolean useCache) {
        if (!pool.initialized()) {
            return new KeyValues[config.numLayers()];
        }
        if (useCache && pool.cachedMemoryKv() != null) {
            return pool.cachedMemoryKv();
        }
        KeyValues[] kv = prefixKeyValues(pool.rows());
        if (useCache) {
            for (KeyValues layer : kv) {
                NDScope.unregister(layer.keys(), layer.values());
            }
            pool.cacheMemoryKv(kv);
        }
        return kv;
    }

    /** Per layer, K/V of [b_l ; rows_l] at positions 0..N for the decoder adapter; {@code rows} [L, N, d]. */
    private KeyValues[] prefixKeyValues(NDArray memoryRows) {
        String adapter = backbone.adapter(false);
        KeyValues[] kv = new KeyValues[config.numLayers()];
        for (int l = 0; l < config.numLayers(); l++) {
            NDArray rows = memoryRows.get(l).expandDims(0);
            NDArray bos = backbone.bos(l, 1);
            NDArray prefix = bos == null ? rows : bos.concat(rows, 1);
            kv[l] = backbone.layer(l).prefixKeyValues(prefix, backbone.rope(), adapter);
        }
        return kv;
    }

    /** A generation's own cache entries (the memory's keys/values belong to the pool and stay). */
    private static void closeAll(KeyValues[] cache) {
        for (KeyValues kv : cache) {
            if (kv != null) {
                kv.close();
            }
        }
    }

    private void checkPool(MemoryPool pool) {
        if (!modelId.equals(pool.modelId())) {
            throw new IllegalArgumentException("pool belongs to model " + pool.modelId() + ", not " + modelId);
        }
    }

    private void checkTokens(int[] ids, String what) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException(what + " token " + i + " has id " + ids[i]
                        + ", outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
    }

    private static NDArray ids(NDManager manager, int[] tokens) {
        return manager.create(toLongs(tokens), new Shape(1, tokens.length));
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Tokenizes and self-updates in one call (tokenizer required). */
    public Version selfUpdate(MemoryPool pool, String text) {
        return selfUpdate(pool, requireTokenizer().encode(text).ids());
    }

    /** Tokenizes the prompt, generates, decodes the new tokens (tokenizer required). */
    public String generateText(MemoryPool pool, String prompt, GenerateOptions options) {
        Generation g = generate(pool, requireTokenizer().encode(prompt).ids(), options);
        return tokenizer.decode(g.tokens());
    }

    private Tokenizer requireTokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException("model " + modelId + " has no tokenizer.json");
        }
        return tokenizer;
    }

    /** The learned retriever's projectors from the checkpoint, or null when it has none. */
    public RetrieverProjectors retrieverProjectors() {
        return projectors;
    }

    @Override
    public void close() {
        if (projectors != null) {
            projectors.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
        weights.close();
        manager.close();
    }
}
