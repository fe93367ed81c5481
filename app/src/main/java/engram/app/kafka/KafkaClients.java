package engram.app.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for the CLI and the service's side channels (ingest, ask, observers): string keys (the memory id)
 * and raw byte values, which the callers encode and decode with Engram's Avro codecs so that a foreign record
 * on a topic is skipped rather than fatal.
 */
public final class KafkaClients {
    private final Map<String, Object> common;

    /** @param common bootstrap.servers plus any pass-through client settings (security ...) */
    public KafkaClients(Map<String, Object> common) {
        this.common = Map.copyOf(common);
    }

    public static KafkaClients forBootstrap(String bootstrap, Map<String, ?> extra) {
        Map<String, Object> all = new HashMap<>(extra);
        all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaClients(all);
    }

    public String bootstrapServers() {
        return String.valueOf(common.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    public Map<String, Object> common() {
        return common;
    }

    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer without a group: callers assign partitions and seek themselves. It reads committed records only:
     * the topology writes the updates, versions and answers topics in exactly-once transactions, and the records
     * of a transaction aborted by a crash stay in the log; shown, they would look like duplicate versions.
     */
    public KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Map<String, Object> p = new HashMap<>(common);
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }

    /**
     * Fails with one clear line when no broker answers within the timeout.
     *
     * @param hint what the user should check, appended to the message
     */
    public void requireReachable(long timeoutMillis, String hint) {
        Admin admin = admin();
        try {
            admin.describeCluster().clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS);
            admin.close();
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO); // do not wait for the abandoned call's own, longer timeout
            throw new BrokerUnreachableException("cannot reach Kafka at " + bootstrapServers() + " within "
                    + timeoutMillis + " ms" + (hint.isEmpty() ? "" : ": " + hint));
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted while connecting to Kafka at " + bootstrapServers());
        }
    }

    /** Whether a broker answers a cluster description within {@code within}; never throws. */
    public boolean answers(Duration within) {
        Admin admin = admin();
        try {
            admin.describeCluster().clusterId().get(within.toMillis(), TimeUnit.MILLISECONDS);
            admin.close(within);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO);
            return false;
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Fails with one clear line when a topic is missing (the service creates them when it starts). */
    public void requireTopics(Collection<String> topics) {
        try (Admin admin = admin()) {
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new BrokerUnreachableException("Kafka at " + bootstrapServers() + " lacks Engram's topics ("
                    + why + "); start the service once (`./engram run`) so it creates them");
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException("Kafka at " + bootstrapServers() + " did not describe topics " + topics + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted");
        }
    }

    /** Every partition of the given topics; a topic that does not exist is an error naming it. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Collection<String> topics) {
        return topics.stream().flatMap(t -> {
            List<PartitionInfo> infos = consumer.partitionsFor(t);
            if (infos == null || infos.isEmpty()) {
                throw new BrokerUnreachableException("topic " + t + " does not exist (has the service run once?)");
            }
            return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()));
        }).toList();
    }
}
