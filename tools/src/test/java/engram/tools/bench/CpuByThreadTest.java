package engram.tools.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuByThreadTest {

    @Test
    void namesTheThreadsOfKafkaStreamsTheClientsAndTheJvm() {
        assertEquals("stream thread", CpuByThread.group("engram-3f2a-StreamThread-1"));
        assertEquals("producer I/O", CpuByThread.group("kafka-producer-network-thread | producer-1"));
        assertEquals("broker and other", CpuByThread.group("data-plane-kafka-request-handler-0"));
        assertEquals(CpuByThread.JIT, CpuByThread.jvmInternal("C2 CompilerThre"));
        assertEquals("garbage collector", CpuByThread.jvmInternal("G1 Conc#0"));
        assertNull(CpuByThread.jvmInternal("engram-3f2a-Str"), "a Java thread is counted by its Java name");
    }

    @Test
    void aThreadThatEndsBetweenTheSnapshotsIsLeftOutNotSubtracted() {
        // task 7 is the Java thread 70 (a producer), task 8 a JIT thread, task 9 ends before the second snapshot
        CpuByThread.Snapshot before = new CpuByThread.Snapshot(Map.of(70L, 100_000_000L),
                Map.of(70L, "kafka-producer-network-thread | p"),
                Map.of(7L, 100_000_000L, 8L, 40_000_000L, 9L, 500_000_000L), Map.of(8L, CpuByThread.JIT), 0);
        CpuByThread.Snapshot after = new CpuByThread.Snapshot(Map.of(70L, 300_000_000L),
                Map.of(70L, "kafka-producer-network-thread | p"),
                Map.of(7L, 300_000_000L, 8L, 50_000_000L), Map.of(8L, CpuByThread.JIT), 0);
        Map<String, Double> cpu = CpuByThread.between(before, after);
        assertEquals(0.2, cpu.get("producer I/O"), 1e-9);
        assertEquals(0.01, cpu.get(CpuByThread.JIT), 1e-9);
        assertEquals(0.21, cpu.get("process"), 1e-9, "the ended thread's earlier 0.5 s is not taken off: " + cpu);
    }

    @Test
    void countsTheCpuOfABusyThreadInItsGroup() throws Exception {
        CpuByThread.Snapshot before = CpuByThread.take();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // burn 200 ms of this thread's own CPU, not of wall time: on a loaded machine a wall-clock loop may get
            // half of that, and the test would measure the machine instead of the accounting
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long until = threads.getCurrentThreadCpuTime() + 200_000_000L;
            double x = 0;
            while (threads.getCurrentThreadCpuTime() < until) {
                x += Math.sqrt(x + 1);
            }
            burnt.countDown();
            try {
                measured.await(); // alive at the second snapshot: a thread that ended is in no snapshot
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kafka-producer-network-thread | bench");
        busy.start();
        burnt.await();
        Map<String, Double> cpu = CpuByThread.between(before, CpuByThread.take());
        measured.countDown();
        busy.join();
        assertTrue(cpu.get("producer I/O") >= 0.1, cpu.toString());
        assertTrue(cpu.get("process") >= cpu.get("producer I/O"), cpu.toString());
    }
}
