package engram.app.config;

/**
 * The full names of Engram's topics. The command-line clients derive them from a prefix the same way the service
 * does, so {@code ./engram ingest} and {@code ./engram run} agree without sharing a file.
 */
public record Topics(
        String news,
        String conversations,
        String queries,
        String updates,
        String versions,
        String answers,
        String deadLetters) {

    public static final String DEFAULT_PREFIX = "engram";

    /** {@code <prefix>.news}, {@code <prefix>.conversations} ... as the topology names them. */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + ".news", prefix + ".conversations", prefix + ".queries", prefix + ".updates",
                prefix + ".versions", prefix + ".answers", prefix + ".deadletters");
    }
}
