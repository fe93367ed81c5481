package engram.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import engram.engine.io.Safetensors;
import engram.engine.io.CheckpointFiles;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsLoadingTest {

    @TempDir
    Path dir;

    private Weights load(Path modelDir, ModelConfig config, NDManager manager) throws IOException {
        try (CheckpointFiles files = Safetensors.openCheckpoint(modelDir)) {
            return Weights.load(files, config, manager, DataType.FLOAT32);
        }
    }

    @Test
    void loadsA7bStyleCheckpoint() throws IOException {
        ModelConfig c = TinyModels.sevenBStyle();
        Path model = TinyModels.write(dir.resolve("7b"), c, 1);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = load(model, c, m)) {
            assertTrue(w.initialized());
            assertEquals(List.of(2L, 32L, 32L), List.of(w.require(Weights.MEMORY).getShape().get(0),
                    w.require(Weights.MEMORY).getShape().get(1), w.require(Weights.MEMORY).getShape().get(2)));
            assertTrue(w.linear("model.layers.0.self_attn.q_proj").adapters().isEmpty());
        }
    }

    @Test
    void loadsAn8bStyleCheckpointWithTwoUnmergedLoraAdaptersUnderPeftNames() throws IOException {
        ModelConfig c = TinyModels.eightBStyle();
        Path model = TinyModels.write(dir.resolve("8b"), c, 2);
        try (SafetensorsFile f = Safetensors.open(model.resolve("model.safetensors"))) {
            assertTrue(f.names().contains("model.layers.1.mlp.down_proj.base_layer.weight"), "peft naming on disk");
            assertTrue(f.names().contains("model.layers.1.self_attn.o_proj.weight"), "o_proj has no LoRA");
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = load(model, c, m)) {
            Linear q = w.linear("model.layers.1.self_attn.q_proj");
            assertEquals(2, q.adapters().size());
            assertNotNull(q.adapters().get("default"));
            assertNotNull(q.adapters().get("decoder_adapter"));
            assertEquals(2.0f, q.adapters().get("default").scaling());
            assertTrue(w.linear("model.layers.1.self_attn.o_proj").adapters().isEmpty());
            assertEquals(16, w.require("model.layers.0.self_attn.k_proj.weight").getShape().get(0), "GQA: 2 kv heads x 8");
        }
    }

    private Path rewrite(Path model, String drop, String reshape) throws IOException {
        Path out = dir.resolve("broken");
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.copy(model.resolve("config.json"), out.resolve("config.json"));
        List<TensorData> kept = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(model.resolve("model.safetensors"))) {
            for (String name : f.names()) {
                TensorData t = f.read(name);
                if (name.equals(drop)) {
                    continue;
                }
                if (name.equals(reshape)) {
                    long[] shape = t.shape().clone();
                    shape[0] /= 2;
                    t = TensorData.ofFloat32(name, shape, java.util.Arrays.copyOf(t.toFloat32(),
                            (int) (t.elementCount() / 2)));
                }
                kept.add(t);
            }
        }
        Safetensors.write(out.resolve("model.safetensors"), Map.of(), kept);
        return out;
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        ModelConfig c = TinyModels.sevenBStyle();
        Path broken = rewrite(TinyModels.write(dir.resolve("m"), c, 1), "model.layers.1.mlp.up_proj.weight", null);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            IOException e = assertThrows(IOException.class, () -> load(broken, c, m));
            assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight"), e.getMessage());
        }
    }

    @Test
    void aWrongShapeIsNamedWithBothShapes() throws IOException {
        ModelConfig c = TinyModels.sevenBStyle();
        Path broken = rewrite(TinyModels.write(dir.resolve("m"), c, 1), null, "model.layers.0.self_attn.v_proj.weight");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            IOException e = assertThrows(IOException.class, () -> load(broken, c, m));
            assertTrue(e.getMessage().contains("model.layers.0.self_attn.v_proj.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("[16, 32]") && e.getMessage().contains("[32, 32]"), e.getMessage());
        }
    }

    @Test
    void aBiasTensorIsRefusedByName() throws IOException {
        // attention_bias / mlp_bias checkpoints of the official main branch carry them; the engine has no biases
        ModelConfig c = TinyModels.sevenBStyle();
        Path model = TinyModels.write(dir.resolve("m"), c, 1);
        List<TensorData> tensors = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(model.resolve("model.safetensors"))) {
            for (String name : f.names()) {
                tensors.add(f.read(name));
            }
        }
        tensors.add(TensorData.ofFloat32("model.layers.1.mlp.up_proj.bias", new long[] {48}, new float[48]));
        Safetensors.write(model.resolve("model.safetensors"), Map.of(), tensors);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            IOException e = assertThrows(IOException.class, () -> load(model, c, m));
            assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.bias"), e.getMessage());
        }
    }

    @Test
    void anUninitializedFlagIsRead() throws IOException {
        ModelConfig c = TinyModels.sevenBStyle();
        Path model = TinyModels.write(dir.resolve("m"), c, 1);
        List<TensorData> tensors = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(model.resolve("model.safetensors"))) {
            for (String name : f.names()) {
                tensors.add(name.equals(Weights.INITIALIZED)
                        ? TensorData.ofInt64(name, new long[0], new long[] {0}) : f.read(name));
            }
        }
        Safetensors.write(model.resolve("model.safetensors"), Map.of(), tensors);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = load(model, c, m)) {
            assertFalse(w.initialized());
        }
    }
}
