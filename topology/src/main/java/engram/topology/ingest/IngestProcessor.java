package engram.topology.ingest;

import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.SourceCoordinates;
import engram.topology.apply.ThreadActivity;
import engram.topology.deadletter.DeadLetterSink;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.TextChunk;
import engram.topology.validate.FeedItem;
import engram.topology.validate.FeedParser;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One feed record in, its chunks out as {@link MemoryUpdate}s keyed by memory id, or one {@link DeadLetter}.
 * Stateless: the update ids come from the record's coordinates, so processing it again gives the same output.
 */
final class IngestProcessor implements Processor<byte[], byte[], Object, Object> {

    /** How soon written chunks are committed, and so readable by the apply flow. */
    static final long COMMIT_EVERY_MILLIS = 50;

    private final FeedParser<?> parser;
    private final int maxChunkTokens;
    private final MemoryEngine engine;
    private final String updatesSink;
    private final DeadLetterSink deadLetters;
    private ProcessorContext<Object, Object> context;
    private boolean wroteSinceCommitRequest;

    IngestProcessor(FeedParser<?> parser, int maxChunkTokens, MemoryEngine engine, String updatesSink,
                    String deadLetterSink, int keptValueBytes) {
        this.parser = parser;
        this.maxChunkTokens = maxChunkTokens;
        this.engine = engine;
        this.updatesSink = updatesSink;
        this.deadLetters = new DeadLetterSink(deadLetterSink, keptValueBytes);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        context.schedule(Duration.ofMillis(COMMIT_EVERY_MILLIS), PunctuationType.WALL_CLOCK_TIME,
                now -> requestCommitIfWritten());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ThreadActivity.recordProcessed();
        SourceCoordinates source = coordinates(context);
        FeedItem item;
        List<TextChunk> chunks;
        try {
            item = parser.parse(record.value());
            chunks = chunk(item);
        } catch (InvalidRecordException e) {
            deadLetters.send(context, record, e);
            wroteSinceCommitRequest = true;
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (int i = 0; i < chunks.size(); i++) {
            TextChunk chunk = chunks.get(i);
            MemoryUpdate update = MemoryUpdate.newBuilder()
                    .setUpdateId(UpdateIds.of(source, i, chunks.size()))
                    .setMemoryId(item.memoryId())
                    .setSource(source)
                    .setSourceKind(item.kind())
                    .setSourceId(item.sourceId())
                    .setChunkIndex(i)
                    .setChunkCount(chunks.size())
                    .setText(chunk.text())
                    .setTokenIds(Arrays.stream(chunk.tokenIds()).boxed().toList())
                    .setTokenizerId(engine.tokenizerId())
                    .setModelId(engine.modelId())
                    .setCreatedAt(now)
                    .build();
            context.forward(new Record<>((Object) item.memoryId(), (Object) update, record.timestamp()), updatesSink);
        }
        wroteSinceCommitRequest = true;
    }

    /**
     * Under exactly-once the apply flow sees chunks only once they are committed, and the commit interval is long
     * (StreamsProperties): ask for a commit every {@value #COMMIT_EVERY_MILLIS} ms while chunks are written. Not
     * after every record: Streams then processes one record per loop, and a backlog of 441 items took 11 s to
     * ingest instead of 1 s.
     */
    private void requestCommitIfWritten() {
        if (wroteSinceCommitRequest) {
            context.commit();
            wroteSinceCommitRequest = false;
        }
    }

    private List<TextChunk> chunk(FeedItem item) {
        try {
            return engine.chunk(item.text(), maxChunkTokens);
        } catch (RuntimeException e) {
            throw new InvalidRecordException(ErrorKind.UNCHUNKABLE, "the text cannot be cut into chunks of at most "
                    + maxChunkTokens + " tokens: " + e);
        }
    }

    /** Where the current record sits; Kafka Streams always knows it for records read from a topic. */
    static SourceCoordinates coordinates(ProcessorContext<?, ?> context) {
        RecordMetadata metadata = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("record without topic metadata"));
        return new SourceCoordinates(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
