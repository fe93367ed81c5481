package engram.engine.model;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * A bias-free projection {@code y = x W^T}, optionally with unmerged LoRA adapters (memoryllm-8b, §2.3):
 * {@code y = x W^T + s * (x A^T) B^T} for the one adapter that is active. Adapters are never summed.
 *
 * @param weight   W [out, in]
 * @param adapters by adapter name ("default" = encoder, "decoder_adapter" = decoder); empty when merged
 */
public record Linear(NDArray weight, Map<String, LoraAdapter> adapters) {

    /** One LoRA adapter: A [r, in], B [out, r], scaling s = alpha / r. */
    public record LoraAdapter(NDArray a, NDArray b, float scaling) {
    }

    public Linear {
        adapters = Map.copyOf(adapters);
    }

    public static Linear plain(NDArray weight) {
        return new Linear(weight, Map.of());
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    /** x [..., in] -> [..., out], with {@code adapter}'s LoRA term when this projection has that adapter. */
    public NDArray apply(NDArray x, String adapter) {
        NDArray y = ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow();
        LoraAdapter lora = adapter == null ? null : adapters.get(adapter);
        if (lora == null) {
            return y;
        }
        NDArray down = ai.djl.nn.core.Linear.linear(x, lora.a()).singletonOrThrow();
        NDArray up = ai.djl.nn.core.Linear.linear(down, lora.b()).singletonOrThrow();
        return y.add(up.mul(lora.scaling()));
    }
}
