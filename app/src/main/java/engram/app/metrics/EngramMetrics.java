package engram.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Engram's Prometheus metrics, and the hook through which anything (the topic observer, the engine adapter)
 * reports them. Names as exported at {@code /prometheus}:
 *
 * <pre>
 * engram_updates_applied_total{memory}       self-updates applied
 * engram_update_latency_seconds{memory}      wall time of one self-update
 * engram_queries_total{memory,status}        queries answered, by status (OK, REJECTED, FAILED)
 * engram_answer_latency_seconds{memory}      time from query to answer
 * engram_memory_lag{memory}                  updates logged but not yet applied
 * engram_pool_version{memory}                the memory's current version
 * </pre>
 */
@Singleton
public class EngramMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> version = new ConcurrentHashMap<>();

    public EngramMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void updateApplied(String memoryId, Duration took) {
        Counter.builder("engram.updates.applied").description("Self-updates applied").tag("memory", memoryId)
                .register(registry).increment();
        Timer.builder("engram.update.latency").description("Wall time of one self-update").tag("memory", memoryId)
                .register(registry).record(took);
    }

    public void queryAnswered(String memoryId, String status, Duration took) {
        Counter.builder("engram.queries").description("Queries answered, by status").tag("memory", memoryId)
                .tag("status", status).register(registry).increment();
        Timer.builder("engram.answer.latency").description("Time from query to answer").tag("memory", memoryId)
                .register(registry).record(took);
    }

    public void lag(String memoryId, long updatesBehind) {
        gauge(lag, "engram.memory.lag", "Updates logged but not yet applied", memoryId).set(updatesBehind);
    }

    public void poolVersion(String memoryId, long v) {
        gauge(version, "engram.pool.version", "Current version of the memory pool", memoryId).set(v);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String memoryId) {
        return values.computeIfAbsent(memoryId, m -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("memory", m).register(registry);
            return value;
        });
    }
}
