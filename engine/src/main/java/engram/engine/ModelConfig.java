package engram.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A MemoryLLM checkpoint's {@code config.json} as a typed record: the Llama fields plus the MemoryLLM fields, with
 * the defaults of the official {@code MemoryLLMConfig} (memoryllm-algorithm §2.1). Every inconsistency fails with a
 * message that names the field, so a wrong folder is caught at load time rather than as a shape error deep in a
 * forward pass.
 *
 * @param vocabSize             V
 * @param hiddenSize            d
 * @param intermediateSize      F (SwiGLU width)
 * @param numLayers             L
 * @param numHeads              H (query heads)
 * @param numKvHeads            Hkv (grouped-query attention when &lt; H)
 * @param headDim               hd = d / H unless the config says otherwise
 * @param maxPositionEmbeddings trained position range before scaling
 * @param rmsNormEps            RMSNorm epsilon
 * @param ropeTheta             RoPE base (the 7b branch ignores it: base 10000, {@link #officialBranch})
 * @param rope                  which RoPE variant: plain, linear scaling (8b) or interpolation (7b)
 * @param ropeFactor            linear scaling factor (1 for the other variants)
 * @param bosTokenId            BOS id (never put into MemoryLLM inputs: the learned b_l plays its role)
 * @param eosTokenIds           ids that end a generation
 * @param numTokens             K: memory tokens written per self-update
 * @param numBlocks             NB: N = NB * K
 * @param addBosEmbedding       whether each layer's prefix starts with the learned b_l
 * @param dropMemoryPerLayer    8b: each layer draws its own dropped rows; 7b: one draw shared by all layers
 * @param lora                  LoRA settings when the checkpoint carries unmerged adapters (8b), else null
 * @param addDecoderLora        8b: a second adapter used for generation (the first is used for self-update)
 * @param tieWordEmbeddings     lm_head shares the embedding matrix
 * @param maxChunkTokens        Engram's own key {@code engram_max_chunk_tokens}: the longest context the model was
 *                              trained to absorb in one self-update, so a service cuts text no longer than that;
 *                              0 when the checkpoint does not say (the published models: the 512 of §4.3 applies)
 */
public record ModelConfig(
        int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKvHeads, int headDim,
        int maxPositionEmbeddings, double rmsNormEps, double ropeTheta, RopeKind rope, double ropeFactor,
        int bosTokenId, List<Integer> eosTokenIds, int numTokens, int numBlocks, boolean addBosEmbedding,
        boolean dropMemoryPerLayer, Lora lora, boolean addDecoderLora, boolean tieWordEmbeddings,
        int maxChunkTokens) {

    /** RoPE variants of the published checkpoints (memoryllm-algorithm §3.2). */
    public enum RopeKind {
        /** angle = p * inv_freq */
        PLAIN,
        /** memoryllm-8b: angle = (p / factor) * inv_freq */
        LINEAR,
        /** memoryllm-7b: angle = (p * max_pos / ((NB + 1) * K)) * inv_freq */
        INTERPOLATED
    }

    /**
     * Unmerged LoRA adapters: y = W x + (alpha / r) B A x on the target modules.
     *
     * @param dropout       peft's lora_dropout: training only (identity at inference), kept so a written config.json
     *                      has every key the official code reads
     * @param targetModules projection names (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)
     */
    public record Lora(int r, double alpha, double dropout, List<String> targetModules) {
        /** The projections a LoRA adapter may target: peft matches a target against the end of a module's name. */
        public static final List<String> TARGETABLE = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                "up_proj", "down_proj");

        public Lora {
            targetModules = List.copyOf(targetModules);
        }

        public double scaling() {
            return alpha / r;
        }
    }

    /**
     * Which official code runs a checkpoint: {@code interpolate_position_ids} is read only by the memoryllm-7b branch,
     * every other config runs on the main branch (memoryllm-8b). The two differ in the RoPE base, the precision of
     * attention scores and the injection into an uninitialised pool (engine/README, "Fidelity to the official code").
     */
    public enum OfficialBranch {
        /** [main] modeling_memoryllm.py: rope_theta, SDPA/flash attention (fp32 scores), e_pos on every injection. */
        MAIN,
        /** [memoryllm-7b] modeling_memoryllm.py: base 10000, eager attention, no e_pos while uninitialised. */
        MEMORYLLM_7B
    }

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        require(vocabSize > 0, "vocab_size", "must be > 0, got " + vocabSize);
        require(hiddenSize > 0, "hidden_size", "must be > 0, got " + hiddenSize);
        require(intermediateSize > 0, "intermediate_size", "must be > 0, got " + intermediateSize);
        require(numLayers > 0, "num_hidden_layers", "must be > 0, got " + numLayers);
        require(numHeads > 0, "num_attention_heads", "must be > 0, got " + numHeads);
        require(numKvHeads > 0 && numHeads % numKvHeads == 0, "num_key_value_heads",
                "must divide num_attention_heads=" + numHeads + ", got " + numKvHeads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim", "must be even and > 0, got " + headDim);
        // both official branches derive the head size as hidden_size / num_attention_heads and ignore head_dim
        require(headDim * numHeads == hiddenSize, "head_dim", "must be hidden_size / num_attention_heads = "
                + hiddenSize / numHeads + " (the official code ignores head_dim), got " + headDim);
        // the 7b branch views the queries with num_key_value_heads heads: it has no grouped-query attention
        require(rope != RopeKind.INTERPOLATED || numKvHeads == numHeads, "num_key_value_heads", "must equal "
                + "num_attention_heads=" + numHeads + " with interpolate_position_ids (the official 7b code has no "
                + "grouped-query attention), got " + numKvHeads);
        require(maxPositionEmbeddings > 0, "max_position_embeddings", "must be > 0, got " + maxPositionEmbeddings);
        require(rmsNormEps > 0, "rms_norm_eps", "must be > 0, got " + rmsNormEps);
        require(ropeTheta > 1, "rope_theta", "must be > 1, got " + ropeTheta);
        require(ropeFactor > 0, "rope_scaling.factor", "must be > 0, got " + ropeFactor);
        require(numTokens > 0, "num_tokens", "must be > 0, got " + numTokens);
        require(maxChunkTokens >= 0, "engram_max_chunk_tokens", "must be >= 0, got " + maxChunkTokens);
        require(numBlocks > 1, "num_blocks", "must be > 1 (N = num_blocks * num_tokens), got " + numBlocks);
        // memoryllm-algorithm §9 P6: the reference keeps N - int(N * (1/NB)) rows; for some NB that is not N - K and
        // the pool would grow. Refuse such configs rather than silently disagree with the reference.
        long n = (long) numBlocks * numTokens;
        long referenceDrop = n - (n - (long) (n * (1.0 / numBlocks)));
        require(referenceDrop == numTokens, "num_blocks", "the reference drop count int(N/NB)=" + referenceDrop
                + " differs from num_tokens=" + numTokens + " for num_blocks=" + numBlocks);
        if (lora != null) {
            require(lora.r() > 0, "lora_config.r", "must be > 0, got " + lora.r());
            for (String target : lora.targetModules()) {
                require(Lora.TARGETABLE.contains(target), "lora_config.target_modules", "may name only "
                        + Lora.TARGETABLE + " (the engine has LoRA on projections only), got " + target);
            }
        }
        require(!addDecoderLora || lora != null, "add_decoder_lora", "is true but lora_config is missing");
    }

    /** N: memory rows per layer. */
    public int poolSize() {
        return numBlocks * numTokens;
    }

    /** Queries per KV head (1 = plain multi-head attention). */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /**
     * Positions the model was trained on, after scaling: the prefix (b_l + N rows) and everything after it must fit.
     * 8b: 8192 * 1.8125 = 14848; 7b: max(max_position_embeddings, (NB + 1) * K) = 7936, the range the official
     * interpolated RoPE maps onto max_position_embeddings = 4096 ([7b] modeling_memoryllm.py:95-114, 308-314).
     */
    public int positionBudget() {
        return switch (rope) {
            case PLAIN -> maxPositionEmbeddings;
            case LINEAR -> (int) Math.floor(maxPositionEmbeddings * ropeFactor);
            case INTERPOLATED -> Math.max(maxPositionEmbeddings, (numBlocks + 1) * numTokens);
        };
    }

    /** The official code that runs this checkpoint: the 7b branch iff the config asks for interpolated RoPE. */
    public OfficialBranch officialBranch() {
        return rope == RopeKind.INTERPOLATED ? OfficialBranch.MEMORYLLM_7B : OfficialBranch.MAIN;
    }

    /** Rows in front of the prompt during generation: b_l (if any) plus the N pool rows. */
    public int generationPrefixRows() {
        return (addBosEmbedding ? 1 : 0) + poolSize();
    }

    /**
     * Llama fields that both official branches read (transformers' LlamaConfig defaults) and the engine does not
     * implement. A checkpoint that sets one is refused, naming it, rather than run as a different architecture.
     */
    private static void requireImplemented(Fields f) {
        String activation = f.optionalString("hidden_act", "silu");
        require(activation.equals("silu") || activation.equals("swish"), "hidden_act",
                "must be \"silu\" (the only activation the engine implements), got \"" + activation + "\"");
        require(!f.optionalBoolean("attention_bias", false), "attention_bias",
                "must be false: the engine's attention projections have no bias");
        require(!f.optionalBoolean("mlp_bias", false), "mlp_bias", "must be false: the engine's MLP has no bias");
        int tp = f.optionalInt("pretraining_tp", 1);
        require(tp == 1, "pretraining_tp", "must be 1: the engine does not slice its matmuls (the official 7b code "
                + "refuses other values too), got " + tp);
    }

    /** Reads {@code dir/config.json}, or the given file. */
    public static ModelConfig load(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IOException("model config not found: " + file);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage());
        }
    }

    /** Parses config.json text. */
    public static ModelConfig parse(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new InvalidConfigException("config.json is not a JSON object (" + e.getMessage() + ")");
        }
        Fields f = new Fields(o);
        requireImplemented(f);
        requireSequentialMemoryPositions(f);
        int hidden = f.requiredInt("hidden_size");
        int heads = f.requiredInt("num_attention_heads");
        require(heads > 0, "num_attention_heads", "must be > 0, got " + heads);
        int headDim = f.optionalInt("head_dim", hidden % heads == 0 ? hidden / heads : -1);
        require(headDim > 0, "hidden_size", "must be divisible by num_attention_heads=" + heads + " (or set head_dim)");

        RopeKind rope = RopeKind.PLAIN;
        double factor = 1.0;
        JsonElement scaling = o.get("rope_scaling");
        boolean interpolate = f.optionalBoolean("interpolate_position_ids", false);
        if (scaling != null && !scaling.isJsonNull()) {
            // the 7b branch would apply rope_scaling with base 10000, the main branch ignores the flag: ambiguous
            require(!interpolate, "interpolate_position_ids", "cannot be true together with rope_scaling");
            require(scaling.isJsonObject(), "rope_scaling", "must be an object or null");
            JsonObject s = scaling.getAsJsonObject();
            String type = s.has("type") ? s.get("type").getAsString()
                    : s.has("rope_type") ? s.get("rope_type").getAsString() : null;
            require("linear".equals(type), "rope_scaling.type",
                    "only \"linear\" is supported (memoryllm-8b), got " + type);
            rope = RopeKind.LINEAR;
            require(s.has("factor"), "rope_scaling.factor", "is missing");
            factor = s.get("factor").getAsDouble();
        } else if (interpolate) {
            rope = RopeKind.INTERPOLATED;
        }

        Lora lora = null;
        JsonElement loraJson = o.get("lora_config");
        if (loraJson != null && !loraJson.isJsonNull()) {
            require(loraJson.isJsonObject(), "lora_config", "must be an object or null");
            JsonObject l = loraJson.getAsJsonObject();
            Fields lf = new Fields(l, "lora_config.");
            List<String> targets = new ArrayList<>();
            JsonElement targetJson = l.get("target_modules");
            if (targetJson != null && !targetJson.isJsonNull()) {
                require(targetJson.isJsonArray(), "lora_config.target_modules", "must be a list of module names");
                for (JsonElement t : targetJson.getAsJsonArray()) {
                    targets.add(t.getAsString());
                }
            }
            lora = new Lora(lf.requiredInt("r"), lf.optionalDouble("lora_alpha", lf.requiredInt("r")),
                    lf.optionalDouble("lora_dropout", 0.0), targets);
        }

        return new ModelConfig(
                f.requiredInt("vocab_size"), hidden, f.requiredInt("intermediate_size"),
                f.requiredInt("num_hidden_layers"), heads, f.optionalInt("num_key_value_heads", heads), headDim,
                f.requiredInt("max_position_embeddings"), f.optionalDouble("rms_norm_eps", 1e-6),
                f.optionalDouble("rope_theta", 10000.0), rope, factor,
                f.optionalInt("bos_token_id", 1), f.intList("eos_token_id"),
                f.optionalInt("num_tokens", 256), f.optionalInt("num_blocks", 50),
                f.optionalBoolean("add_bos_embedding", true), f.optionalBoolean("drop_memory_per_layer", false),
                lora, f.optionalBoolean("add_decoder_lora", false), f.optionalBoolean("tie_word_embeddings", false),
                f.optionalInt("engram_max_chunk_tokens", 0));
    }

    /** The config.json text of this config (the keys the official loaders read). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", "memoryllm");
        JsonArray arch = new JsonArray();
        arch.add("MemoryLLM");
        o.add("architectures", arch);
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("num_hidden_layers", numLayers);
        o.addProperty("num_attention_heads", numHeads);
        o.addProperty("num_key_value_heads", numKvHeads);
        o.addProperty("max_position_embeddings", maxPositionEmbeddings);
        o.addProperty("rms_norm_eps", rmsNormEps);
        o.addProperty("rope_theta", ropeTheta);
        if (rope == RopeKind.LINEAR) {
            JsonObject s = new JsonObject();
            s.addProperty("type", "linear");
            s.addProperty("factor", ropeFactor);
            o.add("rope_scaling", s);
        } else {
            o.add("rope_scaling", com.google.gson.JsonNull.INSTANCE);
        }
        o.addProperty("interpolate_position_ids", rope == RopeKind.INTERPOLATED);
        o.addProperty("bos_token_id", bosTokenId);
        JsonArray eos = new JsonArray();
        eosTokenIds.forEach(eos::add);
        o.add("eos_token_id", eos);
        o.addProperty("tie_word_embeddings", tieWordEmbeddings);
        o.addProperty("torch_dtype", "float32");
        o.addProperty("num_tokens", numTokens);
        o.addProperty("num_blocks", numBlocks);
        o.addProperty("num_memory_tokens", poolSize());
        o.addProperty("add_bos_embedding", addBosEmbedding);
        o.addProperty("drop_memory_per_layer", dropMemoryPerLayer);
        o.addProperty("shrink_to_one_embedding", true);
        o.addProperty("add_decoder_lora", addDecoderLora);
        if (maxChunkTokens > 0) {
            o.addProperty("engram_max_chunk_tokens", maxChunkTokens);
        }
        if (lora != null) {
            JsonObject l = new JsonObject();
            l.addProperty("r", lora.r());
            l.addProperty("lora_alpha", lora.alpha());
            // the official MemoryLLM.__init__ reads these two by key ([main] modeling_memoryllm.py:1535-1546)
            l.addProperty("lora_dropout", lora.dropout());
            l.addProperty("inference_mode", false);
            JsonArray targets = new JsonArray();
            lora.targetModules().forEach(targets::add);
            l.add("target_modules", targets);
            o.add("lora_config", l);
        } else {
            // LlamaConfig has no default for it: the official code needs the key even when it is null
            o.add("lora_config", com.google.gson.JsonNull.INSTANCE);
        }
        return new com.google.gson.GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidConfigException("config field '" + field + "' " + message);
        }
    }

    /**
     * Memory rows sit at the paper's sequential positions, row i at i+1 (§5.1). Engram once offered others under
     * {@code engram_memory_positions} ("shared", "mixed": lab experiments, none kept); a config that asks for one is
     * refused rather than read with positions it was not trained with.
     */
    private static void requireSequentialMemoryPositions(Fields f) {
        JsonElement e = f.o().get("engram_memory_positions");
        if (e == null || e.isJsonNull()) {
            return;
        }
        String value = e.isJsonPrimitive() ? e.getAsString() : e.toString();
        require("sequential".equalsIgnoreCase(value), "engram_memory_positions", "must be \"sequential\" (or absent): "
                + "the memory rows sit at positions 1..N as in the paper; got \"" + value + "\" (shared and mixed "
                + "positions were lab experiments and are no longer supported)");
    }

    /** A config.json that cannot describe a MemoryLLM; the message names the field. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        public InvalidConfigException(String message) {
            super(message);
        }
    }

    /** Typed field access with messages that name the field. */
    private record Fields(JsonObject o, String prefix) {
        Fields(JsonObject o) {
            this(o, "");
        }

        int requiredInt(String name) {
            JsonElement e = o.get(name);
            require(e != null && !e.isJsonNull(), prefix + name, "is missing");
            return asInt(name, e);
        }

        int optionalInt(String name, int fallback) {
            JsonElement e = o.get(name);
            return e == null || e.isJsonNull() ? fallback : asInt(name, e);
        }

        double optionalDouble(String name, double fallback) {
            JsonElement e = o.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            try {
                return e.getAsDouble();
            } catch (RuntimeException ex) {
                throw new InvalidConfigException("config field '" + prefix + name + "' must be a number, got " + e);
            }
        }

        String optionalString(String name, String fallback) {
            JsonElement e = o.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            require(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString(), prefix + name,
                    "must be a string, got " + e);
            return e.getAsString();
        }

        boolean optionalBoolean(String name, boolean fallback) {
            JsonElement e = o.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            require(e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean(), prefix + name,
                    "must be true or false, got " + e);
            return e.getAsBoolean();
        }

        List<Integer> intList(String name) {
            JsonElement e = o.get(name);
            List<Integer> out = new ArrayList<>();
            if (e == null || e.isJsonNull()) {
                return out;
            }
            if (e.isJsonArray()) {
                for (JsonElement item : e.getAsJsonArray()) {
                    out.add(asInt(name, item));
                }
            } else {
                out.add(asInt(name, e));
            }
            return out;
        }

        private int asInt(String name, JsonElement e) {
            try {
                double d = e.getAsDouble();
                require(d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE, prefix + name,
                        "must be an integer, got " + e);
                return (int) d;
            } catch (InvalidConfigException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw new InvalidConfigException("config field '" + prefix + name + "' must be an integer, got " + e);
            }
        }
    }
}
