package engram.topology.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadActivityTest {

    private static final long BUDGET = 250;
    private static final long UNKNOWN = ThreadActivity.POLLS_UNKNOWN;

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

    /** This thread's activity after a first round from 1000 to 1250 ms, started and ended at {@code polls}. */
    private static ThreadActivity afterOneRound(long polls) {
        ThreadActivity activity = ThreadActivity.current();
        assertTrue(activity.roundDeadline(1_000, BUDGET, polls) > 0, "first round on an idle thread");
        activity.roundEnded(1_250, polls);
        return activity;
    }

    @Test
    void aRoundWaitsWhileTheThreadStillHasRecordsThenRunsWhenItIsIdle() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(UNKNOWN);
            ThreadActivity.recordProcessed();
            assertEquals(-1, activity.roundDeadline(1_300, BUDGET, UNKNOWN), "records were processed since: wait");
            assertTrue(activity.roundDeadline(1_300, BUDGET, UNKNOWN) > 0, "no record since the last check: idle, run");
        });
    }

    @Test
    void roundsKeepAGapForPollsEvenOnAnIdleThread() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(UNKNOWN);
            assertEquals(-1, activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS - 1, BUDGET, UNKNOWN));
            assertTrue(activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS, BUDGET, UNKNOWN) > 0);
        });
    }

    @Test
    void aThreadThatNeverRunsOutOfRecordsStillGetsARoundEveryBudget() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(UNKNOWN);
            ThreadActivity.recordProcessed();
            assertEquals(-1, activity.roundDeadline(1_400, BUDGET, UNKNOWN));
            ThreadActivity.recordProcessed();
            assertTrue(activity.roundDeadline(1_250 + BUDGET, BUDGET, UNKNOWN) > 0,
                    "busy for a whole budget: run anyway");
        });
    }

    @Test
    void applyTasksOfOneThreadShareTheRoundDeadline() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = ThreadActivity.current();
            long first = activity.roundDeadline(1_000, BUDGET, UNKNOWN);
            long second = activity.roundDeadline(1_000, BUDGET, UNKNOWN);
            assertEquals(first, second, "the second task's round ends when the first's does");
        });
    }

    @Test
    void withAPollCountAtMostOneRoundRunsPerPoll() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(5);
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
            ThreadActivity activity = afterOneRound(5);
            assertEquals(-1, activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS - 1, BUDGET, 6));
            assertTrue(activity.roundDeadline(1_250 + ThreadActivity.MIN_GAP_MILLIS, BUDGET, 6) > 0);
        });
    }

    @Test
    void withAPollCountALongDrainGetsARoundOnceABudgetHasPassed() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(5);
            assertEquals(-1, activity.roundDeadline(1_250 + BUDGET - 1, BUDGET, 5));
            assertTrue(activity.roundDeadline(1_250 + BUDGET, BUDGET, 5) > 0, "no poll for a whole budget: run");
        });
    }

    @Test
    void withAPollCountNoRoundStartsBetweenAnAnswerAndItsCommit() throws Exception {
        onFreshThread(() -> {
            ThreadActivity activity = afterOneRound(5);
            activity.answered(6);
            assertEquals(-1, activity.roundDeadline(1_300, BUDGET, 6), "the answer's commit comes first");
            assertTrue(activity.roundDeadline(1_300, BUDGET, 7) > 0, "polled again, so committed: run");
        });
    }
}
