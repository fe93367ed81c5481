package engram.topology.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of the crash harness (CI): 240 updates of 3 memories, 5 SIGKILLs at random points, restarts on
 * the same broker, snapshot folder and state folder; the versions must equal an uninterrupted run's.
 */
class CrashRecoveryIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void killedAndRestartedServiceEndsEqualToAnUninterruptedRun() throws Exception {
        CrashHarness.Report report = new CrashHarness(new CrashHarness.Options(240, 3, 5, 20, 7L,
                Duration.ofSeconds(60)), System.out).run(dir);
        assertEquals(240, report.totalVersions());
        assertEquals(5, report.restarts().size());
        // a kill can land before the restarted child restored anything; most restarts restore, and the last must
        assertTrue(report.restarts().stream().filter(r -> !r.recoveries().isEmpty()).count() >= 3,
                () -> "restarts restored the memories from snapshots: " + report.restarts());
        assertTrue(!report.restarts().get(4).recoveries().isEmpty(), () -> "the final run restored: " + report.restarts());
        System.out.printf("crash harness: %d kills, %d versions, %d updates re-applied in all, %.1f s%n",
                report.restarts().size(), report.totalVersions(), report.reappliedTotal(), report.seconds());
    }
}
