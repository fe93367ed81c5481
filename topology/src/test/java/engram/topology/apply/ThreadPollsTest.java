package engram.topology.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** The poll count is the calling thread's own poll-total metric; other threads' and other groups' do not count. */
class ThreadPollsTest {

    @Test
    void readsTheCallingThreadsPollTotal() {
        try (Metrics metrics = new Metrics()) {
            AtomicLong ours = new AtomicLong(41);
            String me = Thread.currentThread().getName();
            metrics.addMetric(metrics.metricName("poll-total", "stream-thread-metrics", Map.of("thread-id", "other")),
                    (Measurable) (config, now) -> 1_000);
            metrics.addMetric(metrics.metricName("poll-total", "consumer-metrics", Map.of("thread-id", me)),
                    (Measurable) (config, now) -> 2_000);
            metrics.addMetric(metrics.metricName("poll-total", "stream-thread-metrics", Map.of("thread-id", me)),
                    (Measurable) (config, now) -> ours.get());
            ThreadPolls polls = new ThreadPolls(metrics::metrics);
            assertEquals(41, polls.count());
            ours.incrementAndGet();
            assertEquals(42, polls.count(), "read anew on every call");
        }
    }

    @Test
    void isUnknownWithoutAStreamThreadMetric() {
        try (Metrics metrics = new Metrics()) {
            assertEquals(-1, new ThreadPolls(metrics::metrics).count());
        }
    }
}
