package engram.topology.durability;

import engram.schemas.MemoryUpdate;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a forgetting replay leaves out: updates named by their update id, and every update cut from a named source
 * (the {@code sourceId} of {@link MemoryUpdate}: an article id, or a conversation id and turn).
 */
public record Exclusions(Set<String> updateIds, Set<String> sourceIds) {

    public static final Exclusions NONE = new Exclusions(Set.of(), Set.of());

    public Exclusions {
        updateIds = Set.copyOf(new TreeSet<>(updateIds));
        sourceIds = Set.copyOf(new TreeSet<>(sourceIds));
    }

    public static Exclusions ofUpdates(String... updateIds) {
        return new Exclusions(Set.of(updateIds), Set.of());
    }

    public static Exclusions ofSources(String... sourceIds) {
        return new Exclusions(Set.of(), Set.of(sourceIds));
    }

    public Exclusions and(Exclusions other) {
        Set<String> updates = new TreeSet<>(updateIds);
        updates.addAll(other.updateIds);
        Set<String> sources = new TreeSet<>(sourceIds);
        sources.addAll(other.sourceIds);
        return new Exclusions(updates, sources);
    }

    public boolean isEmpty() {
        return updateIds.isEmpty() && sourceIds.isEmpty();
    }

    public boolean excludes(MemoryUpdate update) {
        return updateIds.contains(update.getUpdateId()) || sourceIds.contains(update.getSourceId());
    }

    public boolean excludes(String updateId, String sourceId) {
        return updateIds.contains(updateId) || sourceIds.contains(sourceId);
    }
}
