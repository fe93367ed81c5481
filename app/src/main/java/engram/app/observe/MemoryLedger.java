package engram.app.observe;

import engram.app.api.AnswerView;
import engram.app.api.MemoryView;
import engram.app.api.VersionView;
import engram.app.metrics.EngramMetrics;
import engram.schemas.Answer;
import engram.schemas.MemoryVersion;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service knows about each memory, learned from its topics: updates logged, the latest version applied,
 * and the most recent answers. Lag is {@code updates logged - latest version}, because versions are consecutive
 * from 1, one per update. Events that are live (not history read at startup) also feed {@link EngramMetrics}.
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

    private static final class Entry {
        long updatesLogged;
        MemoryVersion latest;
        final Deque<VersionView> recent = new ArrayDeque<>();
    }

    public synchronized void updateLogged(String memoryId) {
        Entry e = entry(memoryId);
        e.updatesLogged++;
        publishGauges(memoryId, e);
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
