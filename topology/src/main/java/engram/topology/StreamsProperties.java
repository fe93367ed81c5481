package engram.topology;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings the topology needs to be correct; callers add connection settings (SASL/TLS) on top.
 */
public final class StreamsProperties {

    /** How often a backlog's version events are committed (made readable under read_committed). */
    public static final long COMMIT_INTERVAL_MS = 1000;

    /**
     * Stream threads per instance. Two, so that ingest (tokenizing and cutting feeds) and apply (the engine) run
     * side by side: with one thread a burst of feed items held the engine back while it was cut (pipeline bench,
     * topology README). With one partition that is one task per thread; with more, Kafka Streams spreads the
     * tasks over the threads, and the apply side is safe for that (one memory belongs to one task).
     */
    public static final int STREAM_THREADS = 2;

    private StreamsProperties() {}

    /**
     * @param bootstrapServers the brokers
     * @param stateDir where RocksDB state stores live (one directory per instance)
     * @param overrides anything else (security settings, thread count, ...); applied last
     */
    public static Properties build(TopologyConfig config, String bootstrapServers, String stateDir,
                                   Map<String, ?> overrides) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        // one version event per applied update, one answer per query, even across crashes and rebalances
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        // An exactly-once commit stalls the stream thread, and so the engine, for a flush and a transaction round
        // trip (~20 ms measured on the embedded broker, ~8% of a 250 ms apply round). Under a backlog commit once
        // a second; what should not wait asks for a commit itself: answers, ingested chunks, the end of a backlog.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // Apply rounds (see UpdateApplier): between two rounds the thread polls; do not let an idle poll block
        // long, or the engine would sit idle while updates are queued. 5 ms keeps it > 95% busy under a backlog.
        props.put(StreamsConfig.POLL_MS_CONFIG, 5L);
        // No timestamp synchronisation between a task's inputs: updates and queries are independent streams
        // (queries carry timestamp 0 on purpose), so a task never waits for an empty partition to be fetched
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // bounded memory: at most this many records buffered per input partition before fetching pauses
        props.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100);
        // fetches are sent from poll() only; a short broker-side wait means the fetch sent in the gap between two
        // apply rounds comes back (with any waiting query) before the next round starts
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        // a full queue makes an arriving update apply at once; with a large model on CPU a poll round can then
        // take minutes: keep the group membership meanwhile
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 900_000);
        // a dead letter holds up to maxRecordBytes of the rejected value: the producer must be able to send it
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Math.max(TopicSetup.deadLetterMaxMessageBytes(config), 1 << 20));
        props.putAll(overrides);
        return props;
    }
}
