package engram.topology;

import java.util.List;
import java.util.Objects;

/**
 * The names of every Engram topic, all under one prefix ("engram" gives engram.news, engram.updates, ...).
 *
 * @param news NewsArticle records (input)
 * @param conversations ConversationTurn records (input)
 * @param queries Query records keyed by memory id (input, co-partitioned with updates)
 * @param updates MemoryUpdate records keyed by memory id: the ordered update log and audit source of truth
 * @param versions MemoryVersion records keyed by memory id: one per applied update
 * @param answers Answer records keyed by request id: one per query
 * @param deadLetters DeadLetter records: everything that could not be used, with reason and coordinates
 */
public record Topics(String news, String conversations, String queries, String updates, String versions,
                     String answers, String deadLetters) {

    public Topics {
        for (String name : new String[] {news, conversations, queries, updates, versions, answers, deadLetters}) {
            Objects.requireNonNull(name, "topic name");
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a valid Kafka topic name: '" + name + "'");
            }
        }
    }

    /** Topic names {@code <prefix>.news}, {@code <prefix>.conversations}, ... */
    public static Topics withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new Topics(prefix + ".news", prefix + ".conversations", prefix + ".queries", prefix + ".updates",
                prefix + ".versions", prefix + ".answers", prefix + ".deadletters");
    }

    public List<String> all() {
        return List.of(news, conversations, queries, updates, versions, answers, deadLetters);
    }

    /** The feed topics the ingest flow reads. */
    public List<String> feeds() {
        return List.of(news, conversations);
    }
}
