package engram.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;
import engram.engine.io.DType;
import engram.engine.io.TensorData;
import engram.engine.io.TensorInfo;
import engram.engine.io.TensorSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Every tensor of a MemoryLLM checkpoint, by its Hugging Face name (memoryllm-algorithm §2.2-2.3), on one device in
 * one dtype. Names are normalised on load so both layouts read the same: a leading {@code base_model.model.} is
 * stripped and peft's {@code X.base_layer.weight} becomes {@code X.weight}; LoRA tensors keep their names
 * ({@code X.lora_A.<adapter>.weight}, {@code X.lora_B.<adapter>.weight}).
 *
 * <p>Stored F16/BF16/F64 tensors are widened to fp32 in Java before they reach the device, then cast to the
 * activation dtype there (never bf16 on CPU: DJL 0.36 aborts the JVM, stack-notes §2).
 */
public final class Weights implements AutoCloseable {

    public static final String MEMORY = "memory";
    public static final String BOS_EMBEDDING = "bos_embedding";
    public static final String NEW_MEMORY_POSITIONAL_EMB = "new_memory_positional_emb";
    public static final String INITIALIZED = "initialized";
    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";
    public static final List<String> PROJECTIONS = List.of("self_attn.q_proj", "self_attn.k_proj",
            "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");

    private final ModelConfig config;
    private final Map<String, NDArray> tensors;
    private final boolean initialized;

    private Weights(ModelConfig config, Map<String, NDArray> tensors, boolean initialized) {
        this.config = config;
        this.tensors = tensors;
        this.initialized = initialized;
    }

    /** The shape every required tensor must have, in checkpoint order. */
    public static Map<String, long[]> expectedShapes(ModelConfig c) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long d = c.hiddenSize();
        long qDim = (long) c.numHeads() * c.headDim();
        long kvDim = (long) c.numKvHeads() * c.headDim();
        shapes.put(EMBED, new long[] {c.vocabSize(), d});
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {d});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {d});
            shapes.put(p + "self_attn.q_proj.weight", new long[] {qDim, d});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kvDim, d});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kvDim, d});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {d, qDim});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {c.intermediateSize(), d});
            shapes.put(p + "mlp.up_proj.weight", new long[] {c.intermediateSize(), d});
            shapes.put(p + "mlp.down_proj.weight", new long[] {d, c.intermediateSize()});
        }
        shapes.put(FINAL_NORM, new long[] {d});
        if (!c.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new long[] {c.vocabSize(), d});
        }
        shapes.put(MEMORY, new long[] {c.numLayers(), c.poolSize(), d});
        if (c.addBosEmbedding()) {
            shapes.put(BOS_EMBEDDING, new long[] {c.numLayers(), 1, d});
        }
        return shapes;
    }

    /** The checkpoint's name for a normalised one: strips {@code base_model.model.}, maps peft's base_layer. */
    static String normalise(String name) {
        String n = name.startsWith("base_model.model.") ? name.substring("base_model.model.".length()) : name;
        return n.endsWith(".base_layer.weight") ? n.substring(0, n.length() - ".base_layer.weight".length()) + ".weight"
                : n;
    }

    /**
     * Loads and checks every tensor. Missing or mis-shaped tensors fail with the tensor's name and both shapes.
     */
    public static Weights load(TensorSource source, ModelConfig config, NDManager manager, DataType dtype)
            throws IOException {
        Map<String, String> byNormalName = new LinkedHashMap<>();
        for (String name : source.names()) {
            if (name.endsWith(".bias")) {
                // the official main branch would add it (attention_bias / mlp_bias); the engine's layers have none
                throw new IOException("tensor '" + name + "' is a bias: the engine's projections have none");
            }
            byNormalName.put(normalise(name), name);
        }
        Map<String, long[]> expected = expectedShapes(config);
        List<String> missing = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!byNormalName.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("checkpoint lacks " + missing.size() + " required tensor(s): "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : ""));
        }
        Map<String, long[]> shapes = new LinkedHashMap<>(expected);
        addOptionalShapes(config, source, byNormalName, shapes);

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        boolean initialized = true;
        try {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                String stored = byNormalName.get(e.getKey());
                TensorInfo info = source.info(stored);
                if (!Arrays.equals(info.shape(), e.getValue())) {
                    throw new IOException("tensor '" + stored + "' has shape " + Arrays.toString(info.shape())
                            + ", config.json implies " + Arrays.toString(e.getValue()));
                }
                tensors.put(e.getKey(), toDevice(source.read(stored), manager, dtype));
            }
            if (byNormalName.containsKey(INITIALIZED)) {
                long[] flag = source.read(byNormalName.get(INITIALIZED)).toInt64();
                initialized = flag.length == 1 && flag[0] != 0;
            }
        } catch (IOException | RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        return new Weights(config, tensors, initialized);
    }

    /** e_pos ([1,1,d] or [1,K,d]) and the LoRA tensors present in the checkpoint, with their expected shapes. */
    private static void addOptionalShapes(ModelConfig c, TensorSource source, Map<String, String> byNormalName,
                                          Map<String, long[]> shapes) throws IOException {
        for (String name : new TreeSet<>(byNormalName.keySet())) {
            if (!name.contains(".lora_A.") && !name.contains(".lora_B.")) {
                continue;
            }
            if (c.lora() == null) {
                throw new IOException("tensor '" + byNormalName.get(name) + "' is a LoRA adapter but config.json has"
                        + " no lora_config");
            }
            boolean isA = name.contains(".lora_A.");
            String module = name.substring(0, name.indexOf(isA ? ".lora_A." : ".lora_B."));
            long[] base = shapes.get(module + ".weight");
            if (base == null) {
                throw new IOException("LoRA tensor '" + byNormalName.get(name) + "' targets unknown module " + module);
            }
            shapes.put(name, isA ? new long[] {c.lora().r(), base[1]} : new long[] {base[0], c.lora().r()});
        }
        String epos = byNormalName.get(NEW_MEMORY_POSITIONAL_EMB);
        if (epos != null) {
            // [1,1,d] with shrink_to_one_embedding (both published configs), else [1,K,d]: the stored one decides
            long[] stored = source.info(epos).shape();
            long[] perToken = {1, c.numTokens(), c.hiddenSize()};
            shapes.put(NEW_MEMORY_POSITIONAL_EMB, Arrays.equals(stored, perToken) ? perToken
                    : new long[] {1, 1, c.hiddenSize()});
        }
    }

    private static NDArray toDevice(TensorData data, NDManager manager, DataType dtype) {
        NDArray array = manager.create(data.toFloat32(), new Shape(data.shape()));
        return dtype == DataType.FLOAT32 ? array : array.toType(dtype, false);
    }

    /**
     * Random weights in the checkpoint layout, from a Java RNG so the same seed gives the same model everywhere:
     * projections and embeddings ~ N(0, 0.02), norms 1, b_l ~ N(0, 1), e_pos ~ N(0, 0.02), pool ~ N(0, 1).
     * LoRA B is random too (not zero as in training), so a test can tell the adapters apart.
     */
    public static Weights random(ModelConfig config, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        BiConsumer<String, long[]> gaussian = (name, shape) -> tensors.put(name,
                manager.create(gaussian(random, shape, name.equals(MEMORY) || name.equals(BOS_EMBEDDING) ? 1.0 : 0.02),
                        new Shape(shape)));
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            if (e.getKey().endsWith("norm.weight")) {
                tensors.put(e.getKey(), manager.ones(new Shape(e.getValue())));
            } else {
                gaussian.accept(e.getKey(), e.getValue());
            }
        }
        gaussian.accept(NEW_MEMORY_POSITIONAL_EMB, new long[] {1, 1, config.hiddenSize()});
        if (config.lora() != null) {
            List<String> adapters = config.addDecoderLora() ? List.of("default", "decoder_adapter") : List.of("default");
            for (int l = 0; l < config.numLayers(); l++) {
                for (String projection : PROJECTIONS) {
                    String module = "model.layers." + l + "." + projection;
                    if (!config.lora().targetModules().contains(projection.substring(projection.indexOf('.') + 1))) {
                        continue;
                    }
                    long[] base = tensors.get(module + ".weight").getShape().getShape();
                    for (String adapter : adapters) {
                        gaussian.accept(module + ".lora_A." + adapter + ".weight", new long[] {config.lora().r(), base[1]});
                        gaussian.accept(module + ".lora_B." + adapter + ".weight", new long[] {base[0], config.lora().r()});
                    }
                }
            }
        }
        return new Weights(config, tensors, true);
    }

    private static float[] gaussian(SplittableRandom random, long[] shape, double std) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            // Box-Muller from two uniform doubles: stable across JVMs (nextGaussian's algorithm is not specified)
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            values[i] = (float) (std * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return values;
    }

    public ModelConfig config() {
        return config;
    }

    /** False when the checkpoint's {@code initialized} flag is 0: the first self-update then tiles the pool (§4.6). */
    public boolean initialized() {
        return initialized;
    }

    /** The tensor of that (normalised) name, or null. */
    public NDArray get(String name) {
        return tensors.get(name);
    }

    public NDArray require(String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalStateException("no tensor '" + name + "'");
        }
        return array;
    }

    /** All tensors by name, in checkpoint order (read-only view). */
    public Map<String, NDArray> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /** The projection {@code module} (e.g. model.layers.0.self_attn.q_proj) with whatever LoRA adapters it has. */
    public Linear linear(String module) {
        Map<String, Linear.LoraAdapter> adapters = new LinkedHashMap<>();
        String aPrefix = module + ".lora_A.";
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (e.getKey().startsWith(aPrefix)) {
                String adapter = e.getKey().substring(aPrefix.length(), e.getKey().length() - ".weight".length());
                NDArray b = require(module + ".lora_B." + adapter + ".weight");
                adapters.put(adapter, new Linear.LoraAdapter(e.getValue(), b, (float) config.lora().scaling()));
            }
        }
        return new Linear(require(module + ".weight"), adapters);
    }

    /** Replaces a tensor's values in place (same shape), e.g. the pool a trained checkpoint ships with. */
    public void replace(String name, NDArray values) {
        NDArray target = require(name);
        if (!target.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + target.getShape() + ", not "
                    + values.getShape());
        }
        target.set(values.toType(target.getDataType(), false).toByteBuffer());
    }

    /**
     * Every tensor as fp32 bytes under its normalised name, for writing a checkpoint, and the {@code initialized}
     * flag as the official code's buffer is: a uint8 scalar.
     */
    public List<TensorData> toTensorData() {
        List<TensorData> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray fp32 = e.getValue().toType(DataType.FLOAT32, false);
            out.add(TensorData.ofFloat32(e.getKey(), fp32.getShape().getShape(), fp32.toFloatArray()));
        }
        byte flag = (byte) (initialized ? 1 : 0);
        out.add(new TensorData(INITIALIZED, DType.U8, new long[0], java.nio.ByteBuffer.wrap(new byte[] {flag})));
        return out;
    }

    @Override
    public void close() {
        tensors.values().forEach(NDArray::close);
    }
}
