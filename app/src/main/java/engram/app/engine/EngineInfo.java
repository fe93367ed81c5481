package engram.app.engine;

/**
 * Where the engine's model came from and what it runs on, for status and health.
 *
 * @param modelPath the model folder
 * @param device the device the engine uses, as {@code EngineOptions.describe} names it: "cpu" or "cuda:N" (never
 *     "auto": that is resolved before the model loads)
 */
public record EngineInfo(String modelPath, String device) {}
