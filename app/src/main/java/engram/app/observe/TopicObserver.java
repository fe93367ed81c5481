package engram.app.observe;

import engram.topology.Topics;
import engram.app.kafka.KafkaClients;
import engram.schemas.Answer;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the updates, versions and answers topics from the beginning into the {@link MemoryLedger}, on its own
 * thread. Records before the end offsets seen at start are history (they rebuild the state but are not counted
 * as new metrics); later ones are live. A record that does not decode is skipped: judging input is the
 * topology's job, this is only a reader.
 */
public final class TopicObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TopicObserver.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final MemoryLedger ledger;
    private final AvroCodec<MemoryUpdate> updates = new AvroCodec<>(MemoryUpdate.class);
    private final AvroCodec<MemoryVersion> versions = new AvroCodec<>(MemoryVersion.class);
    private final AvroCodec<Answer> answers = new AvroCodec<>(Answer.class);
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running;

    public TopicObserver(KafkaClients clients, Topics topics, MemoryLedger ledger) {
        this.clients = clients;
        this.topics = topics;
        this.ledger = ledger;
    }

    public synchronized void start() {
        consumer = clients.consumer();
        List<TopicPartition> partitions = KafkaClients.partitions(consumer,
                List.of(topics.updates(), topics.versions(), topics.answers()));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> historyEnd = new HashMap<>(consumer.endOffsets(partitions));
        running = true;
        thread = new Thread(() -> loop(historyEnd), "engram-topic-observer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Map<TopicPartition, Long> historyEnd) {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    boolean live = r.offset() >= historyEnd.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L);
                    observe(r, live);
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to end
        } catch (RuntimeException e) {
            LOG.warn("topic observer stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void observe(ConsumerRecord<String, byte[]> r, boolean live) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(topics.updates())) {
                ledger.updateLogged(updates.decode(r.value()));
            } else if (r.topic().equals(topics.versions())) {
                ledger.versionApplied(versions.decode(r.value()), live);
            } else if (r.topic().equals(topics.answers())) {
                ledger.answered(answers.decode(r.value()), live);
            }
        } catch (UndecodableRecordException e) {
            LOG.debug("skipping an undecodable record at {}-{}@{}", r.topic(), r.partition(), r.offset());
        }
    }

    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
