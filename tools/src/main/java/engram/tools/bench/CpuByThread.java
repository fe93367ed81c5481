package engram.tools.bench;

import engram.tools.bench.ProcessCpu;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the process's CPU went between two snapshots, by kind of thread: the stream thread (which runs the engine
 * when torch has one thread), the Kafka clients' I/O threads, the embedded broker, and what the JVM cannot name
 * (torch's own worker threads, the garbage collector, the JIT). The pipeline shares two cores with all of them, so
 * this tells which one slows the engine down.
 *
 * <p>Java threads are read with their CPU clocks (nanoseconds); the process total from
 * {@code /proc/self/task/* /schedstat}, so native threads are counted too. Every figure is a per-thread difference
 * summed over the threads alive at the second snapshot: a thread that ends in between is left out (what it used
 * since the first snapshot can no longer be read), never subtracted, so no group can exceed the total.
 */
final class CpuByThread {

    /** The group of the JIT's compiler threads. */
    static final String JIT = "JIT compilers";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * CPU nanoseconds by Java thread id (with its name), and by OS task id of every thread of the process (empty
     * where /proc cannot be read), with the group of the JVM's own unnamed threads.
     */
    record Snapshot(Map<Long, Long> nanosById, Map<Long, String> names, Map<Long, Long> taskNanos,
                    Map<Long, String> jvmInternalTasks, long gcMillis) {
    }

    private CpuByThread() {
    }

    static Snapshot take() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
        Map<Long, Long> tasks = new HashMap<>();
        Map<Long, String> internal = new HashMap<>();
        readTasks(tasks, internal);
        return new Snapshot(nanos, names, tasks, internal, gc);
    }

    /**
     * CPU seconds from {@code before} to {@code after} by group, largest first, then "gc pauses" (wall seconds the
     * collectors report, inside the groups above) and "process" (all threads).
     */
    static Map<String, Double> between(Snapshot before, Snapshot after) {
        Map<String, Double> byGroup = new TreeMap<>();
        double java = 0;
        for (Map.Entry<Long, Long> e : after.nanosById().entrySet()) {
            double seconds = (e.getValue() - before.nanosById().getOrDefault(e.getKey(), 0L)) / 1e9;
            byGroup.merge(group(after.names().get(e.getKey())), seconds, Double::sum);
            java += seconds;
        }
        double process = 0;
        double internal = 0;
        for (Map.Entry<Long, Long> e : after.taskNanos().entrySet()) {
            double seconds = (e.getValue() - before.taskNanos().getOrDefault(e.getKey(), 0L)) / 1e9;
            process += seconds;
            String internalGroup = after.jvmInternalTasks().get(e.getKey());
            if (internalGroup != null) {
                byGroup.merge(internalGroup, seconds, Double::sum);
                internal += seconds;
            }
        }
        if (process > 0) {
            byGroup.merge("native (torch workers, tokenizer)", Math.max(0, process - java - internal), Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.put("gc pauses", (after.gcMillis() - before.gcMillis()) / 1e3);
        sorted.put("process", process);
        return sorted;
    }

    /** A thread's OS name ("" if it ended meanwhile). */
    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException ended) {
            return "";
        }
    }

    /** The group of a JVM-internal thread by its OS name, or null for any other thread. */
    static String jvmInternal(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
            return "garbage collector";
        }
        if (comm.equals("VM Thread") || comm.startsWith("VM Periodic")) {
            return "VM thread";
        }
        return null;
    }

    /** A thread's group: what it does, from the names Kafka, Kafka Streams and the bench give their threads. */
    static String group(String name) {
        if (name.contains("StreamThread")) {
            return "stream thread";
        }
        if (name.startsWith("kafka-producer-network-thread")) {
            return "producer I/O";
        }
        if (name.startsWith("kafka-coordinator-heartbeat-thread") || name.contains("consumer")) {
            return "consumer I/O";
        }
        if (name.equals("main")) {
            return "bench (sends, reads versions)";
        }
        if (name.contains("admin-client") || name.contains("StateUpdater") || name.contains("CleanupThread")
                || name.startsWith("kafka-streams")) {
            return "streams other";
        }
        return "broker and other";
    }

    /**
     * Every thread's CPU by task id into {@code nanos}; the JVM's own threads (compilers, collectors), which have no
     * Java id, also named by group into {@code internal}. Leaves both empty where /proc cannot be read.
     */
    private static void readTasks(Map<Long, Long> nanos, Map<Long, String> internal) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                long run = ProcessCpu.runNanos(task.resolve("schedstat"));
                if (run < 0) {
                    continue; // the thread ended meanwhile
                }
                long id = Long.parseLong(task.getFileName().toString());
                nanos.put(id, run);
                String internalGroup = jvmInternal(comm(task));
                if (internalGroup != null) {
                    internal.put(id, internalGroup);
                }
            }
        } catch (Exception notLinux) {
            nanos.clear();
            internal.clear();
        }
    }
}
