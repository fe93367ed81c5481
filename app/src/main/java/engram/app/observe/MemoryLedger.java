package engram.app.observe;

import engram.app.api.AnswerView;
import engram.app.api.MemoryView;
import engram.app.api.VersionView;
import engram.app.metrics.EngramMetrics;
import engram.schemas.Answer;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service knows about each memory, learned from its topics: updates logged, the latest version applied,
 * and the most recent answers. Lag is {@code updates logged - latest version}, because versions are consecutive
 * from 1, one per update. An update re-delivered with the same source coordinates is not counted twice: like the
 * topology, the ledger keeps per feed partition the last source position logged (offset, chunk) and ignores
 * anything at or before it. Events that are live (not history read at startup) also feed {@link EngramMetrics}.
 */
@Singleton
public class MemoryLedger {
    private static final int RECENT_ANSWERS = 20;
    private static final int RECENT_VERSIONS = 200;

    private final EngramMetrics metrics;
    private final Map<String, Entry> memories = new TreeMap<>();
    private final Deque<AnswerView> recentAnswers = new ArrayDeque<>();

    public MemoryLedger(EngramMetrics metrics) {
        this.metrics = metrics;
    }

    private record SourcePosition(long offset, int chunkIndex) {
        boolean after(SourcePosition other) {
            return other == null || offset > other.offset || (offset == other.offset && chunkIndex > other.chunkIndex);
        }
    }

    private static final class Entry {
        long updatesLogged;
        final Map<String, SourcePosition> loggedUpTo = new HashMap<>();
        MemoryVersion latest;
        final Deque<VersionView> recent = new ArrayDeque<>();
    }

    public synchronized void updateLogged(MemoryUpdate u) {
        Entry e = entry(u.getMemoryId());
        String sourcePartition = u.getSource().getTopic() + ":" + u.getSource().getPartition();
        SourcePosition position = new SourcePosition(u.getSource().getOffset(), u.getChunkIndex());
        if (!position.after(e.loggedUpTo.get(sourcePartition))) {
            return; // a re-delivered chunk: the topology skips it too
        }
        e.loggedUpTo.put(sourcePartition, position);
        e.updatesLogged++;
        publishGauges(u.getMemoryId(), e);
    }

    public synchronized void versionApplied(MemoryVersion v, boolean live) {
        Entry e = entry(v.getMemoryId());
        if (e.latest == null || v.getVersion() > e.latest.getVersion()) {
            e.latest = v;
        }
        e.recent.addLast(VersionView.of(v));
        while (e.recent.size() > RECENT_VERSIONS) {
            e.recent.removeFirst();
        }
        publishGauges(v.getMemoryId(), e);
        if (live) {
            metrics.updateApplied(v.getMemoryId(), Duration.ofNanos(v.getDurationMicros() * 1000));
        }
    }

    public synchronized void answered(Answer a, boolean live) {
        recentAnswers.addFirst(AnswerView.of(a));
        while (recentAnswers.size() > RECENT_ANSWERS) {
            recentAnswers.removeLast();
        }
        if (live) {
            metrics.queryAnswered(a.getMemoryId(), a.getStatus().name(), Duration.ofMillis(a.getLatencyMillis()));
        }
    }

    public synchronized List<MemoryView> memories() {
        return memories.entrySet().stream().map(m -> view(m.getKey(), m.getValue()))
                .sorted(Comparator.comparing(MemoryView::memoryId)).toList();
    }

    /** The latest versions of one memory (at most 200), oldest first; empty for an unknown memory. */
    public synchronized List<VersionView> recentVersions(String memoryId) {
        Entry e = memories.get(memoryId);
        return e == null ? List.of() : List.copyOf(e.recent);
    }

    public synchronized List<AnswerView> recentAnswers() {
        return List.copyOf(recentAnswers);
    }

    private Entry entry(String memoryId) {
        return memories.computeIfAbsent(memoryId, m -> new Entry());
    }

    private void publishGauges(String memoryId, Entry e) {
        long version = e.latest == null ? 0 : e.latest.getVersion();
        metrics.poolVersion(memoryId, version);
        metrics.lag(memoryId, Math.max(0, e.updatesLogged - version));
    }

    private static MemoryView view(String memoryId, Entry e) {
        MemoryVersion v = e.latest;
        long version = v == null ? 0 : v.getVersion();
        return new MemoryView(memoryId, version, e.updatesLogged, Math.max(0, e.updatesLogged - version),
                v == null ? null : v.getAppliedAt().toString(), v == null ? null : v.getPoolChecksum(),
                v == null ? null : v.getModelId());
    }
}
