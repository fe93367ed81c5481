package engram.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;

import java.util.Locale;

/**
 * Where and in what precision the model runs.
 *
 * @param device "auto" (a CUDA GPU when the PyTorch engine sees one, else CPU), "cpu", "gpu" or "gpu:N"
 * @param dtype  "auto" (fp32 on CPU, bf16 on GPU), "float32", "bfloat16" or "float16". bf16 on CPU is refused:
 *               DJL 0.36 / PyTorch 2.7.1 abort the JVM on any bf16 CPU tensor (stack-notes §2)
 * @param ltmWindow the long-term memory's window W in updates for new pools (0 = off), overriding config.json's
 *                  {@code engram_ltm_window}; null = what config.json says
 */
public record EngineOptions(String device, String dtype, Integer ltmWindow) {

    public EngineOptions {
        if (ltmWindow != null && ltmWindow < 0) {
            throw new IllegalArgumentException("ltmWindow must be >= 0, got " + ltmWindow);
        }
    }

    public EngineOptions(String device, String dtype) {
        this(device, dtype, null);
    }

    public EngineOptions withLtmWindow(int window) {
        return new EngineOptions(device, dtype, window);
    }

    public static EngineOptions defaults() {
        return new EngineOptions("auto", "auto");
    }

    public static EngineOptions cpu() {
        return new EngineOptions("cpu", "float32");
    }

    /** The device this selects, checked against what the engine sees. */
    public Device resolveDevice() {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        Engine engine = Engine.getInstance(); // starts PyTorch, which callers rely on (JniUtils, thread settings)
        if (d.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = engine.getGpuCount();
        if (d.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (d.equals("gpu") || d.equals("cuda") || d.startsWith("gpu:") || d.startsWith("cuda:")) {
            int index = d.contains(":") ? parseIndex(d) : 0;
            if (index >= gpus) {
                throw new IllegalArgumentException("device '" + device + "' requested but the PyTorch engine sees "
                        + gpus + " GPU(s); install the CUDA natives (README: Running on a GPU) or use device=cpu");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("unknown device '" + device + "' (expected auto, cpu, gpu or gpu:N)");
    }

    /**
     * A device as Engram names it to users and accepts back as {@code device}: "cpu" or "cuda:N" (DJL's own
     * {@code toString} says "cpu()" and "gpu(0)").
     */
    public static String describe(Device device) {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }

    private int parseIndex(String d) {
        try {
            return Integer.parseInt(d.substring(d.indexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown device '" + device + "' (expected auto, cpu, gpu or gpu:N)");
        }
    }

    /** The activation dtype for {@code resolved}. */
    public DataType resolveDtype(Device resolved) {
        String t = dtype == null ? "auto" : dtype.trim().toLowerCase(Locale.ROOT);
        boolean gpu = resolved.isGpu();
        DataType type = switch (t) {
            case "auto" -> gpu ? DataType.BFLOAT16 : DataType.FLOAT32;
            case "float32", "fp32" -> DataType.FLOAT32;
            case "bfloat16", "bf16" -> DataType.BFLOAT16;
            case "float16", "fp16" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("unknown dtype '" + dtype
                    + "' (expected auto, float32, bfloat16 or float16)");
        };
        if (!gpu && type == DataType.BFLOAT16) {
            throw new IllegalArgumentException("bfloat16 on CPU is not supported (DJL 0.36 aborts the JVM); use float32");
        }
        return type;
    }
}
