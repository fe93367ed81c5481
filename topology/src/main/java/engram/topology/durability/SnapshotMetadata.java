package engram.topology.durability;

import engram.topology.apply.MemoryState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What Engram records in a snapshot beside the pool (safetensors string metadata, prefix {@code engram.}), on top
 * of what the engine writes itself (format, version, seed, model_id, checksum, initialized).
 *
 * <p>The apply flow's duplicate marks ({@link MemoryState#appliedUpTo()}) are part of it: replay resumes after the
 * snapshot, and a re-delivered chunk that arrives after the snapshot must still be recognised as applied before it.
 *
 * @param memoryId the memory the pool belongs to
 * @param lastApplied the updates-topic record of the update that produced this version (offset -1 at version 0)
 * @param state the apply flow's state at this version: version, last update id, duplicate marks
 * @param createdAtMillis when the snapshot was written
 * @param excluded updates left out of this pool by a forgetting replay (empty for a faithful pool)
 * @param derivedFrom the memory this pool was rebuilt from when it was installed under another id, else ""
 */
public record SnapshotMetadata(String memoryId, LogPosition lastApplied, MemoryState state, long createdAtMillis,
                               Exclusions excluded, String derivedFrom) {

    static final String MEMORY_ID = "engram.memory_id";
    static final String LOG_TOPIC = "engram.update_log.topic";
    static final String LOG_PARTITION = "engram.update_log.partition";
    static final String LOG_OFFSET = "engram.update_log.offset";
    static final String LAST_UPDATE_ID = "engram.last_update_id";
    static final String APPLIED_UP_TO = "engram.applied_up_to";
    static final String CREATED_AT = "engram.created_at_ms";
    static final String EXCLUDED_UPDATES = "engram.excluded.update_ids";
    static final String EXCLUDED_SOURCES = "engram.excluded.source_ids";
    static final String DERIVED_FROM = "engram.derived_from";

    public long version() {
        return state.version();
    }

    /** The string metadata written into the safetensors header (the engine adds its own keys). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MEMORY_ID, memoryId);
        m.put(LOG_TOPIC, lastApplied.topic());
        m.put(LOG_PARTITION, Integer.toString(lastApplied.partition()));
        m.put(LOG_OFFSET, Long.toString(lastApplied.offset()));
        m.put(LAST_UPDATE_ID, state.lastUpdateId());
        m.put(APPLIED_UP_TO, new TreeMap<>(state.appliedUpTo()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().offset() + "/" + e.getValue().chunkIndex())
                .collect(Collectors.joining(";")));
        m.put(CREATED_AT, Long.toString(createdAtMillis));
        m.put(EXCLUDED_UPDATES, joined(excluded.updateIds()));
        m.put(EXCLUDED_SOURCES, joined(excluded.sourceIds()));
        m.put(DERIVED_FROM, derivedFrom);
        return m;
    }

    /**
     * Reads the Engram keys of a snapshot header; {@code version} is the engine's own version key.
     *
     * @throws IllegalArgumentException when a key is missing or malformed
     */
    public static SnapshotMetadata fromMap(long version, Map<String, String> m) {
        Map<String, MemoryState.SourcePosition> marks = new TreeMap<>();
        String upTo = required(m, APPLIED_UP_TO);
        if (!upTo.isEmpty()) {
            for (String entry : upTo.split(";")) {
                int eq = entry.lastIndexOf('=');
                int slash = entry.lastIndexOf('/');
                if (eq <= 0 || slash < eq) {
                    throw new IllegalArgumentException("malformed " + APPLIED_UP_TO + " entry '" + entry + "'");
                }
                marks.put(entry.substring(0, eq), new MemoryState.SourcePosition(
                        Long.parseLong(entry.substring(eq + 1, slash)), Integer.parseInt(entry.substring(slash + 1))));
            }
        }
        LogPosition position = new LogPosition(required(m, LOG_TOPIC), Integer.parseInt(required(m, LOG_PARTITION)),
                Long.parseLong(required(m, LOG_OFFSET)));
        MemoryState state = new MemoryState(version, required(m, LAST_UPDATE_ID), marks);
        Exclusions excluded = new Exclusions(split(m.getOrDefault(EXCLUDED_UPDATES, "")),
                split(m.getOrDefault(EXCLUDED_SOURCES, "")));
        return new SnapshotMetadata(required(m, MEMORY_ID), position, state,
                Long.parseLong(m.getOrDefault(CREATED_AT, "0")), excluded, m.getOrDefault(DERIVED_FROM, ""));
    }

    private static String required(Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException("snapshot metadata has no '" + key + "'");
        }
        return value;
    }

    // ids are free text: each is URL-encoded, so ',' separates them unambiguously
    private static String joined(Set<String> ids) {
        return new TreeSet<>(ids).stream().map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
    }

    private static Set<String> split(String joined) {
        if (joined.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(joined.split(",")).map(id -> URLDecoder.decode(id, StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }
}
