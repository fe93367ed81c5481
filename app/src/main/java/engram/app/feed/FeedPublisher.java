package engram.app.feed;

import engram.schemas.ConversationTurn;
import engram.schemas.NewsArticle;
import engram.schemas.serde.AvroCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads feeds with {@link FeedReader} and publishes every usable record, keyed by memory id, to one topic.
 * Shared by {@code engram ingest} and the HTTP ingest endpoint. Sends are asynchronous; {@link #finish()} waits
 * until the broker acknowledged all of them and fails if any was lost.
 */
public final class FeedPublisher implements AutoCloseable {

    /** The broker refused records; the message says how many got through and why. */
    public static final class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one publishing run did. */
    public record Result(long published, long badLines, long linesRead) {}

    /** Told about each unusable line. */
    public interface BadLineListener {
        void badLine(int lineNumber, String reason);
    }

    private final AvroCodec<NewsArticle> news = new AvroCodec<>(NewsArticle.class);
    private final AvroCodec<ConversationTurn> turns = new AvroCodec<>(ConversationTurn.class);
    private final Producer<String, byte[]> producer;
    private final boolean ownsProducer;
    private final String topic;
    private final FeedKind kind;
    private final String memoryOverride;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long badLines;
    private long linesRead;

    /** Publishes with (and closes) the given producer. */
    public FeedPublisher(Producer<String, byte[]> producer, String topic, FeedKind kind, String memoryOverride) {
        this(producer, true, topic, kind, memoryOverride);
    }

    /** @param ownsProducer whether {@link #close()} closes the producer (false for a shared one) */
    public FeedPublisher(Producer<String, byte[]> producer, boolean ownsProducer, String topic, FeedKind kind,
            String memoryOverride) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.topic = topic;
        this.kind = kind;
        this.memoryOverride = memoryOverride;
    }

    /**
     * @param sourceName the feed's name (file name), used in default ids
     * @param progress told the number of lines read so far, across all feeds of this publisher
     */
    public void publish(BufferedReader in, String sourceName, BadLineListener bad, LongConsumer progress) throws IOException {
        BufferedReader counting = new BufferedReader(in) {
            @Override
            public String readLine() throws IOException {
                String line = super.readLine();
                if (line != null) {
                    linesRead++;
                    progress.accept(linesRead);
                }
                return line;
            }
        };
        new FeedReader(kind, memoryOverride, sourceName).read(counting, new FeedReader.Sink() {
            @Override
            public void record(String memoryId, SpecificRecord record) {
                send(memoryId, record);
            }

            @Override
            public void badLine(int lineNumber, String reason) {
                badLines++;
                bad.badLine(lineNumber, reason);
            }
        });
    }

    private void send(String memoryId, SpecificRecord record) {
        byte[] value = record instanceof NewsArticle n ? news.encode(n) : turns.encode((ConversationTurn) record);
        producer.send(new ProducerRecord<>(topic, memoryId, value), (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }

    /** Waits for every acknowledgement; throws if the broker refused any record. */
    public Result finish() {
        producer.flush();
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new PublishFailedException("publishing to " + topic + " failed (" + acknowledged.get()
                    + " records acknowledged): " + failure.getMessage(), failure);
        }
        return new Result(acknowledged.get(), badLines, linesRead);
    }

    @Override
    public void close() {
        if (ownsProducer) {
            producer.close();
        }
    }
}
