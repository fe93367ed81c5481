package engram.app.engine;

/**
 * Where the engine's model came from and what it runs on, for status and health.
 *
 * @param modelPath the model folder
 * @param device the device the engine actually uses (cpu, gpu)
 */
public record EngineInfo(String modelPath, String device) {}
