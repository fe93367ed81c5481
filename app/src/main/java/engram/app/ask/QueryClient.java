package engram.app.ask;

import engram.app.kafka.KafkaClients;
import engram.schemas.Answer;
import engram.schemas.Query;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Asks one question through Kafka: starts listening on the answers topic at its end, publishes a {@link Query}
 * with a fresh request id, and waits for the {@link Answer} carrying that id. Used by {@code engram ask} and the
 * HTTP ask endpoint.
 */
public final class QueryClient {
    private final KafkaClients clients;
    private final String queriesTopic;
    private final String answersTopic;
    private final AvroCodec<Query> queries = new AvroCodec<>(Query.class);
    private final AvroCodec<Answer> answers = new AvroCodec<>(Answer.class);

    public QueryClient(KafkaClients clients, String queriesTopic, String answersTopic) {
        this.clients = clients;
        this.queriesTopic = queriesTopic;
        this.answersTopic = answersTopic;
    }

    /** A question to ask; {@code asOfVersion} may be null (the current pool). */
    public record Question(String memoryId, String text, int maxNewTokens, Long asOfVersion) {}

    /** The answer, or empty when none arrived within the timeout. */
    public Optional<Answer> ask(Question question, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String requestId = UUID.randomUUID().toString();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer()) {
            List<TopicPartition> partitions = KafkaClients.partitions(consumer, List.of(answersTopic));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // pin the start now, before the query can be answered
            send(requestId, question, deadline);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Optional<Answer> a = decode(r.value());
                    if (a.isPresent() && requestId.equals(a.get().getRequestId())) {
                        return a;
                    }
                }
            }
            return Optional.empty();
        }
    }

    private void send(String requestId, Question q, Instant deadline) throws InterruptedException {
        Query query = Query.newBuilder()
                .setRequestId(requestId)
                .setMemoryId(q.memoryId())
                .setQuestion(q.text())
                .setMaxNewTokens(q.maxNewTokens())
                .setAsOfVersion(q.asOfVersion())
                .setDeadline(deadline)
                .setCreatedAt(Instant.now())
                .build();
        try (KafkaProducer<String, byte[]> producer = clients.producer()) {
            producer.send(new ProducerRecord<>(queriesTopic, q.memoryId(), queries.encode(query))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the query to " + queriesTopic + ": " + e.getCause().getMessage(), e);
        }
    }

    private Optional<Answer> decode(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(answers.decode(bytes));
        } catch (UndecodableRecordException e) {
            return Optional.empty(); // not ours to judge: someone else's record on the answers topic
        }
    }
}
