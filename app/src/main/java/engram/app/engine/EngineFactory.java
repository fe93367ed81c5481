package engram.app.engine;

import engram.app.config.Device;
import engram.app.config.EngramSettings;
import engram.app.config.ModelSettings;
import engram.app.config.StartupFailure;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.MemoryLLMEngine;
import java.io.IOException;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Produces the {@link MemoryEngine} the topology runs: the model folder and device are checked here, before any
 * weights are read, so a wrong path or device is one clear line at startup.
 */
@Factory
public class EngineFactory {

    @Singleton
    public EngineInfo engineInfo(ModelSettings model, EngramSettings engram) {
        Device device = Device.parse(model.device());
        Path path = model.resolvePath(engram.homePath()).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new StartupFailure("model folder " + path + " does not exist (set engram.model.path / ENGRAM_MODEL_PATH"
                    + (model.path() == null ? ", or run from the Engram folder so the bundled model is found" : "") + ")");
        }
        if (!Files.isRegularFile(path.resolve("config.json"))) {
            throw new StartupFailure("model folder " + path + " has no config.json: expected a Hugging Face style "
                    + "folder (config.json, *.safetensors, tokenizer.json)");
        }
        return new EngineInfo(path.toString(), resolve(device));
    }

    /**
     * The device the engine will use, named as users write it ("cpu", "cuda:0"): AUTO becomes the first GPU when
     * PyTorch sees one, else the CPU. This starts PyTorch (about a second, longer on the very first run, which
     * unpacks its natives) before Kafka is asked, so that a GPU asked for and absent is the one line of a failed start.
     */
    private static String resolve(Device device) {
        try {
            return EngineOptions.describe(new EngineOptions(device.name().toLowerCase(Locale.ROOT), "auto").resolveDevice());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage() + " (engram.model.device / ENGRAM_MODEL_DEVICE)", e);
        }
    }

    /**
     * The real engine: the model folder loaded by the engine module ({@code MemoryLLM}), one pool per memory id
     * behind the topology's port ({@code MemoryLLMEngine}). A folder the engine cannot read is one clear line.
     *
     * <p>No preDestroy here: {@code EngramService} closes the engine itself, after the topology has stopped
     * calling it (Micronaut would close it in reverse creation order, before the topology).
     */
    @Singleton
    public MemoryEngine memoryEngine(EngineInfo info) {
        try {
            MemoryLLM model = MemoryLLM.load(Path.of(info.modelPath()), new EngineOptions(info.device(), "auto"));
            return new MemoryLLMEngine(model);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new StartupFailure("cannot load the model in " + info.modelPath() + ": " + e.getMessage());
        }
    }
}
