package engram.topology.ingest;

import engram.topology.TopologyConfig;
import engram.topology.Topics;
import engram.topology.engine.MemoryEngine;
import engram.topology.validate.ConversationTurnParser;
import engram.topology.validate.FeedParser;
import engram.topology.validate.NewsArticleParser;
import engram.schemas.serde.EngramSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The ingest flow: news and conversation records, read as raw bytes so that bad ones reach the validator, are
 * validated and chunked into {@code MemoryUpdate}s on the updates topic, keyed by memory id. Records that cannot
 * be used go to the dead-letter sink.
 *
 * <pre>
 *   news ──────────► ingest-news ──────────┐
 *                                           ├─► updates topic (MemoryUpdate, key = memory id)
 *   conversations ─► ingest-conversations ─┘
 *                    (both) ─────────────────► dead-letter topic (DeadLetter, key = the record's key)
 * </pre>
 */
public final class IngestFlow {

    public static final String NEWS_SOURCE = "news-source";
    public static final String CONVERSATIONS_SOURCE = "conversations-source";
    public static final String NEWS_PROCESSOR = "ingest-news";
    public static final String CONVERSATIONS_PROCESSOR = "ingest-conversations";
    public static final String UPDATES_SINK = "updates-sink";
    public static final String DEAD_LETTER_SINK = "ingest-deadletters-sink";

    private IngestFlow() {}

    /**
     * Adds the flow's nodes to {@code topology}. The flow has its own dead-letter sink: a sink shared with the
     * apply flow would join the two flows into one sub-topology and force feeds and updates into the same tasks.
     */
    public static void addTo(Topology topology, TopologyConfig config, MemoryEngine engine) {
        String deadLetterSink = DEAD_LETTER_SINK;
        Topics topics = config.topics();
        int maxTokens = Math.min(config.maxChunkTokens(), engine.maxChunkTokens());
        int keptBytes = config.maxRecordBytes();
        topology.addSource(NEWS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.news());
        topology.addSource(CONVERSATIONS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.conversations());
        FeedParser<?> news = new NewsArticleParser(config.maxRecordBytes());
        FeedParser<?> conversations = new ConversationTurnParser(config.maxRecordBytes());
        topology.addProcessor(NEWS_PROCESSOR, () -> new IngestProcessor(news,
                maxTokens, engine, UPDATES_SINK,
                deadLetterSink, keptBytes), NEWS_SOURCE);
        topology.addProcessor(CONVERSATIONS_PROCESSOR, () -> new IngestProcessor(conversations,
                maxTokens, engine, UPDATES_SINK,
                deadLetterSink, keptBytes), CONVERSATIONS_SOURCE);
        topology.addSink(UPDATES_SINK, topics.updates(), new StringSerializer(),
                EngramSerdes.memoryUpdate().serializer(), NEWS_PROCESSOR, CONVERSATIONS_PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), new ByteArraySerializer(),
                EngramSerdes.deadLetter().serializer(), NEWS_PROCESSOR, CONVERSATIONS_PROCESSOR);
    }
}
