package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import engram.engine.ModelConfig;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a run resumable bit for bit: the model folder (Hugging Face layout, pool = stream 0's) and the trainer
 * state file beside it (parameters, Adam moments, all streams' pools, step counters).
 */
final class TrainerState {

    /** Where a resumed run continues: the next step, the streams' pools, and the run's counters so far. */
    record Resumed(int step, NDArray pools, int skipped, double seconds) {
    }

    private TrainerState() {
    }

    static void checkpoint(Path modelDir, ModelConfig config, Weights weights, NDArray pools,
                           Map<String, NDArray> parameters, AdamW adam, int step, Path state, int skipped,
                           double seconds) throws IOException {
        try (NDArray pool = pools.get(new NDIndex(":, 0")).duplicate()) {
            weights.replace(Weights.MEMORY, pool);
            CheckpointWriter.write(modelDir, config, weights, Map.of("engram_training_step", Integer.toString(step)));
        }
        List<TensorData> tensors = parametersAndPools(parameters, pools);
        for (NDArray a : adam.state()) {
            tensors.add(TensorData.ofFloat32(a.getName(), a.getShape().getShape(), a.toFloatArray()));
        }
        Safetensors.write(state, Map.of("step", Integer.toString(step), "adam_step", Long.toString(adam.step()),
                "skipped", Integer.toString(skipped), "seconds", String.format("%.1f", seconds)), tensors);
    }

    /** Reads the state file once: parameters (set in place), Adam moments, pools and step counters. */
    static Resumed resume(Path state, Map<String, NDArray> parameters, AdamW adam, NDManager manager)
            throws IOException {
        try (SafetensorsFile f = Safetensors.open(state)) {
            Map<String, NDArray> moments = new LinkedHashMap<>();
            NDArray pools = null;
            for (String name : f.names()) {
                TensorData t = f.read(name);
                if (name.startsWith("p.")) {
                    parameters.get(name.substring(2)).set(t.toFloat32());
                } else if (name.startsWith("m.") || name.startsWith("v.")) {
                    moments.put(name, manager.create(t.toFloat32(), new Shape(t.shape())));
                } else if (name.equals("pools")) {
                    pools = manager.create(t.toFloat32(), new Shape(t.shape()));
                }
            }
            if (pools == null) {
                throw new IOException(state + " has no 'pools' tensor: not a trainer state file");
            }
            adam.restore(moments, Long.parseLong(f.metadata().get("adam_step")));
            Map<String, String> meta = f.metadata();
            return new Resumed(Integer.parseInt(meta.get("step")), pools,
                    Integer.parseInt(meta.getOrDefault("skipped", "0")),
                    Double.parseDouble(meta.getOrDefault("seconds", "0")));
        }
    }

    /** The weights and pools a step that went wrong saw, for a post-mortem. */
    static void dump(Path file, int step, Map<String, NDArray> parameters, NDArray pools) throws IOException {
        Safetensors.write(file, Map.of("step", Integer.toString(step)), parametersAndPools(parameters, pools));
    }

    /** Parameters ("p." + name) and the streams' pools ("pools"), as fp32 tensors for a state file. */
    private static List<TensorData> parametersAndPools(Map<String, NDArray> parameters, NDArray pools) {
        List<TensorData> tensors = new ArrayList<>();
        parameters.forEach((name, p) -> tensors.add(TensorData.ofFloat32("p." + name, p.getShape().getShape(),
                p.toFloatArray())));
        tensors.add(TensorData.ofFloat32("pools", pools.getShape().getShape(), pools.toFloatArray()));
        return tensors;
    }
}
