package engram.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import engram.engine.ModelConfig;
import engram.engine.TinyModels;
import engram.engine.model.Backbone;
import engram.engine.model.Rope;
import engram.engine.model.Weights;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass through the memory prefix and the self-update gives finite gradients for every parameter. */
class GradientTest {

    private void check(String what, Function<Backbone, NDArray> loss) {
        ModelConfig c = TinyModels.plain(32, 2, 4, 4, 64, 128);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Weights w = Weights.random(c, m, 3)) {
            Map<String, NDArray> params = new LinkedHashMap<>(w.tensors());
            params.remove(Weights.MEMORY);
            params.values().forEach(p -> p.setRequiresGradient(true));
            Backbone b = new Backbone(c, w, new Rope(c, m, DataType.FLOAT32, c.positionBudget()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.apply(b));
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                assertTrue(!g.isNaN().any().getBoolean() && !g.isInfinite().any().getBoolean(),
                        what + ": gradient of " + e.getKey() + " is not finite");
            }
        }
    }

    private static NDArray ids(NDManager m, int rows, int t) {
        long[] v = new long[rows * t];
        for (int i = 0; i < v.length; i++) {
            v[i] = 3 + (i * 7) % 60;
        }
        return m.create(v, new Shape(rows, t));
    }

    @Test
    void plainLanguageModel() {
        check("no memory", b -> b.logits(ids(b.weights().require(Weights.EMBED).getManager(), 2, 6), null).mean());
    }

    @Test
    void readingMemory() {
        check("memory prefix", b -> {
            NDManager m = b.weights().require(Weights.EMBED).getManager();
            NDArray memory = b.weights().require(Weights.MEMORY).expandDims(1).repeat(1, 2);
            return b.logits(ids(m, 2, 6), memory).mean();
        });
    }

    @Test
    void throughTheSelfUpdate() {
        check("self-update", b -> {
            NDManager m = b.weights().require(Weights.EMBED).getManager();
            NDArray tail = b.weights().require(Weights.MEMORY).get(":, 12:").expandDims(1).repeat(1, 2);
            NDArray delta = b.inject(ids(m, 2, 9), tail);
            return b.logits(ids(m, 2, 5), delta).mean();
        });
    }
}
