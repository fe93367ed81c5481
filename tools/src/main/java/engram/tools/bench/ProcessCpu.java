package engram.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole process (all threads, torch's native ones included), to tell computing from waiting for a
 * core. On Linux it sums {@code /proc/self/task/* /schedstat} (nanoseconds); the JVM's own figure elsewhere, which on
 * Linux only moves in 10 ms ticks (too coarse for one self-update). Some kernels and sandboxes keep schedstat in
 * scheduler ticks too (4 ms steps were seen on a CI machine), so one short call may read 0 CPU: CPU figures are for
 * medians over many calls, not for a single one.
 */
public final class ProcessCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU the process has used, or 0 when it cannot be told (then every CPU figure reads 0). */
    static long nanos() {
        if (Files.isDirectory(TASKS)) {
            long sum = 0;
            boolean anyRead = false;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    long run = runNanos(task.resolve("schedstat"));
                    anyRead |= run >= 0;
                    sum += Math.max(0, run);
                }
                if (anyRead) {
                    return sum;
                }
            } catch (IOException e) {
                // fall through to the JVM's coarser figure
            }
        }
        return OS instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** The first field of a schedstat file: time spent running, in ns (-1 if unreadable, e.g. the thread ended). */
    public static long runNanos(Path schedstat) {
        try {
            String line = Files.readString(schedstat);
            int space = line.indexOf(' ');
            return Long.parseLong(space < 0 ? line.trim() : line.substring(0, space));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
