package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW) written on NDArrays so its moments can be checkpointed with
 * the weights and a run resumes exactly. Weight decay skips 1-D tensors (norm weights) and embeddings of b_l/e_pos.
 */
final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final double weightDecay;
    private long step;

    AdamW(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    long step() {
        return step;
    }

    /** One update of every parameter from its gradient, which is then zeroed. */
    void update(Map<String, NDArray> parameters, double learningRate, NDManager stateManager) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            NDArray g = p.getGradient();
            NDArray m = first.computeIfAbsent(e.getKey(), k -> persistent(stateManager.zeros(p.getShape())));
            NDArray v = second.computeIfAbsent(e.getKey(), k -> persistent(stateManager.zeros(p.getShape())));
            m.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
            v.muli((float) BETA2).addi(g.square().mul((float) (1 - BETA2)));
            if (weightDecay > 0 && decays(e.getKey(), p)) {
                p.muli((float) (1 - learningRate * weightDecay));
            }
            NDArray denominator = v.div((float) correction2).sqrt().add((float) EPS);
            p.subi(m.div((float) correction1).div(denominator).mul((float) learningRate));
            Gradients.zero(g);
        }
    }

    /** Optimizer state outlives the step's NDScope. */
    private static NDArray persistent(NDArray array) {
        ai.djl.ndarray.NDScope.unregister(array);
        return array;
    }

    private static boolean decays(String name, NDArray p) {
        return p.getShape().dimension() >= 2 && !name.equals("bos_embedding")
                && !name.equals("new_memory_positional_emb");
    }

    /** Moments as named arrays for a checkpoint ("m." / "v." + parameter name) and the step count. */
    NDList state() {
        NDList out = new NDList();
        first.forEach((k, a) -> {
            a.setName("m." + k);
            out.add(a);
        });
        second.forEach((k, a) -> {
            a.setName("v." + k);
            out.add(a);
        });
        return out;
    }

    void restore(Map<String, NDArray> state, long steps) {
        state.forEach((k, a) -> (k.startsWith("m.") ? first : second).put(k.substring(2), a));
        this.step = steps;
    }
}
