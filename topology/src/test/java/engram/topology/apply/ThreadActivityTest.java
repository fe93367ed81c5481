package engram.topology.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadActivityTest {

    private static final long BUDGET = 250;

    /** ThreadActivity is per thread: each scenario runs on a fresh one. */
    private static void onFreshThread(Runnable scenario) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                scenario.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void aRoundWaitsWhileTheThreadStillHasRecordsThenRunsWhenItIsIdle() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            assertTrue(activity.roundDeadline(1_000, BUDGET) > 0, "first round on an idle thread");
            activity.roundEnded(1_250);
            ThreadActivity.recordProcessed();
            assertEquals(-1, activity.roundDeadline(1_300, BUDGET), "records were processed since: wait");
            assertTrue(activity.roundDeadline(1_300, BUDGET) > 0, "no record since the last check: idle, run");
        });
    }

    @Test
    void roundsKeepAGapForPollsEvenOnAnIdleThread() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            activity.roundDeadline(1_000, BUDGET);
            activity.roundEnded(1_250);
            assertEquals(-1, activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS - 1, BUDGET));
            assertTrue(activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS, BUDGET) > 0);
        });
    }

    @Test
    void aThreadThatNeverRunsOutOfRecordsStillGetsARoundEveryBudget() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            activity.roundDeadline(1_000, BUDGET);
            activity.roundEnded(1_250);
            ThreadActivity.recordProcessed();
            assertEquals(-1, activity.roundDeadline(1_400, BUDGET));
            ThreadActivity.recordProcessed();
            assertTrue(activity.roundDeadline(1_250 + BUDGET, BUDGET) > 0, "busy for a whole budget: run anyway");
        });
    }

    @Test
    void applyTasksOfOneThreadShareTheRoundDeadline() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            long first = activity.roundDeadline(1_000, BUDGET);
            long second = activity.roundDeadline(1_000, BUDGET);
            assertEquals(first, second, "the second task's round ends when the first's does");
        });
    }

    @Test
    void withAPollCountAtMostOneRoundRunsPerPoll() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            assertTrue(activity.roundDeadline(1_000, BUDGET, 5) > 0);
            activity.roundEnded(1_250, 5);
            ThreadActivity.recordProcessed();
            assertEquals(-1, activity.roundDeadline(1_300, BUDGET, 5), "no poll since the last round: wait");
            ThreadActivity.recordProcessed();
            assertTrue(activity.roundDeadline(1_300, BUDGET, 6) > 0,
                    "polled since: run, although records keep arriving (a feed under load keeps the engine busy)");
        });
    }

    @Test
    void withAPollCountRoundsStillKeepTheGap() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            activity.roundDeadline(1_000, BUDGET, 5);
            activity.roundEnded(1_250, 5);
            assertEquals(-1, activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS - 1, BUDGET, 6));
            assertTrue(activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS, BUDGET, 6) > 0);
        });
    }

    @Test
    void withAPollCountALongDrainGetsARoundOnceABudgetHasPassed() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            activity.roundDeadline(1_000, BUDGET, 5);
            activity.roundEnded(1_250, 5);
            assertEquals(-1, activity.roundDeadline(1_250 + BUDGET - 1, BUDGET, 5));
            assertTrue(activity.roundDeadline(1_250 + BUDGET, BUDGET, 5) > 0, "no poll for a whole budget: run");
        });
    }

    @Test
    void withAPollCountNoRoundStartsBetweenAnAnswerAndItsCommit() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            activity.roundDeadline(1_000, BUDGET, 5);
            activity.roundEnded(1_250, 5);
            activity.answered(6);
            assertEquals(-1, activity.roundDeadline(1_300, BUDGET, 6), "the answer's commit comes first");
            assertTrue(activity.roundDeadline(1_300, BUDGET, 7) > 0, "polled again, so committed: run");
        });
    }
}
