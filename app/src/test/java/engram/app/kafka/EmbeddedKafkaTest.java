package engram.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path dir;

    @Test
    void aRecordRoundTripsAndSurvivesARestart() throws Exception {
        int port = FreePorts.pair();
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka kafka = new EmbeddedKafka(port, data).start()) {
            assertTrue(kafka.isFormatted());
            assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>("t", "k", "first")).get();
            }
            assertEquals(List.of("first"), readAll(kafka.bootstrapServers(), 1));
        }

        try (EmbeddedKafka again = new EmbeddedKafka(port, data)) {
            assertTrue(again.isFormatted(), "the restart must reuse the formatted directory");
            again.start();
            try (KafkaProducer<String, String> producer = producer(again.bootstrapServers())) {
                producer.send(new ProducerRecord<>("t", "k", "second")).get();
            }
            assertEquals(List.of("first", "second"), readAll(again.bootstrapServers(), 2));
        }
    }

    @Test
    void aFreshDirectoryIsNotFormattedUntilStarted() {
        EmbeddedKafka kafka = new EmbeddedKafka(FreePorts.pair(), dir.resolve("fresh"));
        assertFalse(kafka.isFormatted());
        kafka.close(); // closing a broker that never started is harmless
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedKafka(65535, dir));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Reads topic t from the beginning until {@code expected} values arrived or 20 s passed. */
    private static List<String> readAll(String bootstrap, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("t", 0);
            consumer.assign(Set.of(tp));
            consumer.seekToBeginning(Set.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
