package engram.topology.durability;

/**
 * The first place where a rebuild and the versions topic disagree.
 *
 * @param version the version at which they disagree
 * @param kind what disagrees
 * @param updateId the update the rebuild applied as this version ("" when none)
 * @param expected what the versions topic says (checksum or update id; "" when it has no event)
 * @param actual what the rebuild produced
 * @param detail one line for a person
 */
public record Divergence(long version, Kind kind, String updateId, String expected, String actual, String detail) {

    /** What to do about a {@link Kind#MODEL} divergence; the service's startup check says the same. */
    static final String MODEL_CHANGE_FIX = "only the model that built a pool rebuilds it: run with that model (--model),"
            + " or start from an empty state (for the embedded default, delete .engram/)";

    public enum Kind {
        /**
         * The service applied this version with another model than the rebuild runs (a new bundled model, or another
         * --model): the pool can only be rebuilt by the model that built it, so no checksum would match.
         */
        MODEL,
        /** The rebuilt pool's checksum differs from the announced one: a corrupted log entry, event or engine. */
        CHECKSUM,
        /** The rebuild applied a different update as this version than the service announced. */
        UPDATE_ID,
        /** The versions topic has no event for this version, though the log has an update for it. */
        MISSING_EVENT,
        /** The versions topic holds two different events for this version. */
        CONFLICTING_EVENTS
    }

    @Override
    public String toString() {
        return "version " + version + ": " + kind + " (update " + updateId + "): expected " + expected + ", got "
                + actual + (detail.isEmpty() ? "" : " - " + detail);
    }
}
