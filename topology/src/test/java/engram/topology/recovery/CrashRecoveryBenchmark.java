package engram.topology.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long form of the crash harness (not part of the test run; the name does not end in Test): more updates and
 * kills, printing per restart the child's start time, what each restore started from and how many updates it
 * re-applied.
 *
 * <pre>
 * mvn -B -pl topology -am test -Dtest=CrashRecoveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dengram.bench.updates=3000] [-Dengram.bench.kills=10] [-Dengram.bench.snapshotEvery=100]
 * </pre>
 */
class CrashRecoveryBenchmark {

    @TempDir
    Path dir;

    @Test
    void killRestartAndCompare() throws Exception {
        int updates = Integer.getInteger("engram.bench.updates", 3000);
        int kills = Integer.getInteger("engram.bench.kills", 10);
        int snapshotEvery = Integer.getInteger("engram.bench.snapshotEvery", 100);
        CrashHarness.Report report = new CrashHarness(new CrashHarness.Options(updates, 3, kills, snapshotEvery,
                Long.getLong("engram.bench.seed", 11L), Duration.ofMinutes(5)), System.out).run(dir);
        assertEquals(updates, report.totalVersions());
        System.out.println();
        System.out.println("| restart | kill point | versions at kill | child up (ms) | re-applied | restores |");
        System.out.println("|---|---|---|---|---|---|");
        for (CrashHarness.Restart r : report.restarts()) {
            System.out.printf("| %d | %s | %d | %d | %d | %s |%n", r.index() + 1, r.killPoint(), r.versionsAtKill(),
                    r.startMillis(), r.reapplied(), r.recoveries());
        }
        System.out.printf("%n%d updates of 3 memories, %d SIGKILLs, snapshots every %d: final versions equal to the "
                + "uninterrupted run; %d updates re-applied in all (%.1f%% of the stream), %.1f s%n", updates, kills,
                snapshotEvery, report.reappliedTotal(), 100.0 * report.reappliedTotal() / updates, report.seconds());
    }
}
