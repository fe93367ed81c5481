package engram.topology.apply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warning for updates shorter than the model's trained minimum, which are applied anyway (the tail of a text
 * can be short). Logged for the first such update of a task and then once per {@value #EVERY} with the count: a
 * feed of short items would otherwise write one warning per self-update, and logging it cost more than the
 * rest of the apply flow's bookkeeping. Each version event carries its token count for a full account.
 */
final class ShortUpdateWarnings {

    static final long EVERY = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);

    private long count;

    /** @return whether this one was logged */
    boolean seen(String memoryId, String updateId, int tokens, int minimum) {
        count++;
        if (count % EVERY != 1) {
            return false;
        }
        LOG.warn("memory '{}': update {} has {} tokens, fewer than the model's minimum of {}; applying it anyway"
                + " ({} such updates on this task so far; logged once per {})", memoryId, updateId, tokens, minimum,
                count, EVERY);
        return true;
    }

    long count() {
        return count;
    }
}
