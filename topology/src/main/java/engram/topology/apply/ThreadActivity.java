package engram.topology.apply;

/**
 * What the current stream thread has been doing, shared by every Engram processor on it, so apply rounds can
 * give way to record processing.
 *
 * <p>Why: a stream thread polls for new records (and so for new queries) only after it has processed every
 * record it buffered, and it runs due punctuations between records. An apply round started between every two
 * buffered records would hold the next poll back for a round per record. So a round starts only when no record
 * was processed on this thread since the previous punctuation check (the thread has drained its buffers and is
 * about to poll), or when rounds have already waited a whole budget (input never stops: the engine still gets at
 * least half the thread). A round never starts within {@value #MIN_GAP_MILLIS} ms of the previous one, so the
 * thread polls in between. All apply tasks of the thread share one round deadline, so a poll is never held back by
 * more than one budget plus one update per task.
 */
public final class ThreadActivity {

    /**
     * Rounds start at least this long after the previous one ended, so the thread completes at least one whole
     * poll ({@code poll.ms}, 5 ms) in between and the fetch that carries a waiting query comes back before the
     * next round.
     */
    static final long MIN_GAP_MILLIS = 6;

    private static final ThreadLocal<ThreadActivity> CURRENT = ThreadLocal.withInitial(ThreadActivity::new);

    private long recordsProcessed;
    private long recordsAtLastCheck = -1;
    private long lastRoundEndedMs = Long.MIN_VALUE / 2;
    private long roundDeadlineNanos;
    private long roundStartedMs;
    private long recordsAtDeadline = -1;

    static ThreadActivity current() {
        return CURRENT.get();
    }

    /** Called by every Engram processor for every record it processes. */
    public static void recordProcessed() {
        CURRENT.get().recordsProcessed++;
    }

    /**
     * @return the System.nanoTime() deadline of the round to run now, or -1 when no round should start now
     */
    long roundDeadline(long nowMs, long budgetMillis) {
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
        if (sinceLastRound < MIN_GAP_MILLIS || (!idle && sinceLastRound < budgetMillis)) {
            return -1;
        }
        roundDeadlineNanos = System.nanoTime() + budgetMillis * 1_000_000L;
        roundStartedMs = nowMs;
        recordsAtDeadline = recordsProcessed;
        return roundDeadlineNanos;
    }

    void roundEnded(long nowMs) {
        lastRoundEndedMs = nowMs;
    }
}
