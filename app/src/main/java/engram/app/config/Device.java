package engram.app.config;

import java.util.Locale;

/** Where the model computes. {@code AUTO} picks the GPU when the engine finds one. */
public enum Device {
    AUTO, CPU, GPU;

    public static Device parse(String text) {
        String v = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Device d : values()) {
            if (d.name().equals(v)) {
                return d;
            }
        }
        throw new StartupFailure("unknown device '" + text + "' (engram.model.device / ENGRAM_MODEL_DEVICE): use auto, cpu or gpu");
    }
}
