package engram.topology.apply;

/**
 * What the current stream thread has been doing, shared by every Engram processor on it, so apply rounds can
 * give way to polls.
 *
 * <p>Why: a stream thread polls for new records (and so for new queries) only after it has processed every
 * record it buffered, and it runs due punctuations between batches of records. An apply round started between
 * every two batches would hold the next poll back for a round per batch. The rule is therefore <b>at most one
 * round per poll</b>: a round starts only if the thread has polled since the previous round ended (its own
 * {@code poll-total} metric, {@link ThreadPolls}), and not within {@value #MIN_GAP_MILLIS} ms of it, so that poll
 * had time to bring a waiting query. Input that never stops (a feed under load) still leaves the engine the
 * thread for all but a gap per round. A long drain without polls (a burst of feed records to chunk) gets a round
 * once a whole budget has passed, so the engine keeps at least half the thread meanwhile.
 *
 * <p>Where the poll count is unknown (TopologyTestDriver has no stream thread) the rule falls back to records: a
 * round starts when no record was processed on this thread since the previous punctuation check (the thread has
 * drained its buffers and is about to poll), or when rounds have already waited a whole budget. That fallback
 * gives a busy thread's engine only half of it, which is why polls are counted where they can be.
 *
 * <p>All apply tasks of one thread share one round deadline, so a poll is never held back by more than one budget
 * plus one update per task.
 */
public final class ThreadActivity {

    /**
     * Rounds start at least this long after the previous one ended, so the thread completes two whole polls
     * ({@code poll.ms}, 5 ms) in between: the first may only find the empty answer to the fetch sent before the
     * round, the second waits for the fetch that carries a waiting query. (Under a backlog this costs 4 % of the
     * engine's time at the default 250 ms budget.)
     */
    static final long MIN_GAP_MILLIS = 10;

    /** The poll count where no stream thread records one (TopologyTestDriver): rounds then follow records. */
    static final long POLLS_UNKNOWN = -1;

    private static final ThreadLocal<ThreadActivity> CURRENT = ThreadLocal.withInitial(ThreadActivity::new);

    private long recordsProcessed;
    private long recordsAtLastCheck = -1;
    private long lastRoundEndedMs = Long.MIN_VALUE / 2;
    private long roundDeadlineNanos;
    private long roundStartedMs;
    private long recordsAtDeadline = -1;
    private long pollsAtLastRound = POLLS_UNKNOWN;
    private long pollsAtAnswer = POLLS_UNKNOWN;

    static ThreadActivity current() {
        return CURRENT.get();
    }

    /** Called by every Engram processor for every record it processes. */
    public static void recordProcessed() {
        CURRENT.get().recordsProcessed++;
    }

    /**
     * @param polls the thread's polls so far, or {@link #POLLS_UNKNOWN}
     * @return the System.nanoTime() deadline of the round to run now, or -1 when no round should start now
     */
    long roundDeadline(long nowMs, long budgetMillis, long polls) {
        boolean idle = recordsProcessed == recordsAtLastCheck;
        recordsAtLastCheck = recordsProcessed;
        if (roundDeadlineNanos != 0 && nowMs == roundStartedMs && recordsAtDeadline == recordsProcessed) {
            // the same punctuation pass (the thread's cached clock has not moved): another apply task of this
            // thread already started this round, so share its deadline
            return roundDeadlineNanos;
        }
        long sinceLastRound = nowMs - lastRoundEndedMs;
        if (sinceLastRound < 0) {
            sinceLastRound = Long.MAX_VALUE; // the clock went back (tests drive it): do not hold rounds back
        }
        if (sinceLastRound < MIN_GAP_MILLIS) {
            return -1;
        }
        boolean givenWay = polls != POLLS_UNKNOWN ? polls != pollsAtLastRound && polls != pollsAtAnswer : idle;
        if (!givenWay && sinceLastRound < budgetMillis) {
            // no poll since the last round or since an answer asked for its commit (counting records: still
            // draining), and rounds have not yet waited a whole budget (which a long drain makes them do)
            return -1;
        }
        roundDeadlineNanos = System.nanoTime() + budgetMillis * 1_000_000L;
        roundStartedMs = nowMs;
        recordsAtDeadline = recordsProcessed;
        return roundDeadlineNanos;
    }

    /**
     * An answer was written and asked for a commit, at this poll count. Streams commits before it polls again, so
     * no round starts until then: the answer is readable without waiting for a round.
     */
    void answered(long polls) {
        pollsAtAnswer = polls;
    }

    void roundEnded(long nowMs, long polls) {
        lastRoundEndedMs = nowMs;
        pollsAtLastRound = polls;
    }
}
