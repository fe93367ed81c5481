package engram.tools.bench;

import java.util.Map;

/**
 * One timed pass of updates through the pipeline.
 *
 * @param updates self-updates the pass made (version events read)
 * @param seconds first record sent to the last version event read
 * @param firstVersionSeconds first record sent to the first version event read (ingest, first commit, queue)
 * @param selfUpdateSeconds sum of the version events' self-update durations (forward, drop and append)
 * @param commits exactly-once commits of the stream threads during the pass
 * @param commitLatencyMs the mean commit duration over the threads' lives: the engine waits meanwhile
 * @param cpuSeconds the process's CPU meanwhile, by kind of thread ({@link CpuByThread})
 */
public record PipelineRun(int updates, double seconds, double firstVersionSeconds, double selfUpdateSeconds,
                          double commits, double commitLatencyMs, Map<String, Double> cpuSeconds) {

    public double updatesPerSecond() {
        return updates / seconds;
    }
}
