package engram.app.testing;

import engram.app.Engram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code engram run} in a JVM of its own, configured with {@code -D} settings as an operator would, so that a test
 * can kill the whole instance with SIGKILL ({@code kill -9}: {@link Process#destroyForcibly} on Linux). Its output
 * goes to a log file, which the failure messages quote.
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Launches the instance and returns at once; {@link #awaitRunning} waits for it. */
    public static ServiceProcess launch(Map<String, Object> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=engram.schemas"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Engram.class.getName(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new ServiceProcess(builder.start(), log);
    }

    /** Polls the log (with a deadline) until the instance prints that it runs; fails if it exits first. */
    public void awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains("Engram is running")) {
            if (!process.isAlive()) {
                throw new AssertionError("the instance exited with " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the instance did not start within " + timeout + ":\n" + tail());
            }
            Thread.sleep(100); // polling a file with a deadline
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no snapshot on stop, no leaving the consumer group, open transactions left open. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the instance survived SIGKILL for 30 s");
        }
    }

    /** The last lines of the instance's output, without stack frames. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("\tat ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
