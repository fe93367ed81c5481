package engram.topology.apply;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsMetrics;

import java.util.Map;
import java.util.function.Supplier;

/**
 * How many times the current stream thread has polled, read from its own {@code poll-total} metric (group
 * {@code stream-thread-metrics}, tag {@code thread-id} = the thread's name). {@link ThreadActivity} uses it to
 * allow one apply round per poll. {@link ThreadActivity#POLLS_UNKNOWN} where no stream thread records it
 * (TopologyTestDriver).
 */
final class ThreadPolls {

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private Metric pollTotal;
    private String lookedUpFor;

    ThreadPolls(StreamsMetrics metrics) {
        this(metrics::metrics);
    }

    ThreadPolls(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    /** Polls so far by the calling thread, or {@link ThreadActivity#POLLS_UNKNOWN} when its metrics do not say. */
    long count() {
        String thread = Thread.currentThread().getName();
        if (!thread.equals(lookedUpFor)) {
            pollTotal = find(metrics.get(), thread);
            lookedUpFor = thread;
        }
        if (pollTotal == null) {
            return ThreadActivity.POLLS_UNKNOWN;
        }
        Object value = pollTotal.metricValue();
        return value instanceof Number n ? (long) n.doubleValue() : ThreadActivity.POLLS_UNKNOWN;
    }

    static Metric find(Map<MetricName, ? extends Metric> all, String thread) {
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("poll-total") && name.group().equals("stream-thread-metrics")
                    && thread.equals(name.tags().get("thread-id"))) {
                return e.getValue();
            }
        }
        return null;
    }
}
