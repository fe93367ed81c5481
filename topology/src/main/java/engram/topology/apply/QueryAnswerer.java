package engram.topology.apply;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.Query;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.ReleasedSchemas;
import engram.topology.deadletter.DeadLetterSink;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import engram.topology.validate.FeedParser;
import engram.topology.validate.MemoryIds;
import engram.topology.validate.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each query from the current pool of its memory, or rejects it with a reason: every query that names a
 * request id gets exactly one {@link Answer}. Queries without a usable request id (undecodable bytes, blank id)
 * cannot be answered and go to the dead-letter topic instead.
 *
 * <p>Rejections (status REJECTED): bad memory id, query not keyed by its memory id, blank question, a question
 * longer than the model's positions leave room for, token limit out of range, deadline passed, unknown memory (no
 * update applied yet), an asOfVersion the memory has not reached, or an earlier asOfVersion the
 * {@link Durability} hook cannot rebuild in time (without the hook: any earlier one). A failure of the engine
 * while generating gives status FAILED with the error.
 */
final class QueryAnswerer implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(QueryAnswerer.class);

    private final MemoryEngine engine;
    private final Durability durability;
    private final AvroCodec<Query> codec = new AvroCodec<>(Query.class);
    private final StrictUtf8 strictUtf8;
    private final int maxRecordBytes;
    private final int maxNewTokens;
    private final String answersSink;
    private final DeadLetterSink deadLetters;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, MemoryState> states;
    private ThreadPolls threadPolls;

    QueryAnswerer(MemoryEngine engine, Durability durability, int maxRecordBytes, int maxNewTokens,
                  String answersSink, String deadLetterSink) {
        this.engine = engine;
        this.durability = durability;
        this.maxRecordBytes = maxRecordBytes;
        this.maxNewTokens = maxNewTokens;
        this.answersSink = answersSink;
        this.deadLetters = new DeadLetterSink(deadLetterSink, maxRecordBytes);
        List<Schema> writers = new ArrayList<>(ReleasedSchemas.versionsOf(codec.schema().getName()));
        writers.add(codec.schema());
        this.strictUtf8 = new StrictUtf8(writers);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.states = context.getStateStore(ApplyFlow.MEMORY_STATE_STORE);
        this.threadPolls = new ThreadPolls(context.metrics());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ThreadActivity.recordProcessed();
        Query query;
        try {
            query = FeedParser.decode(record.value(), codec, strictUtf8, maxRecordBytes);
            if (query.getRequestId().isBlank()) {
                throw new InvalidRecordException(ErrorKind.MISSING_REQUEST_ID,
                        "query has no requestId, so no answer could be matched to it");
            }
        } catch (InvalidRecordException e) {
            deadLetters.send(context, record, e);
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String reason = rejectionReason(query, key);
        if (reason != null) {
            emit(query, AnswerStatus.REJECTED, "", reason, null, 0);
            return;
        }
        GeneratedAnswer generated;
        String memoryId = query.getMemoryId();
        MemoryState state = state(memoryId);
        Long asOf = query.getAsOfVersion();
        try {
            if (engine.version(memoryId) != state.version()) {
                durability.ensureAt(memoryId, state); // after a restart the pool is restored on first use
            }
            generated = asOf != null && asOf != state.version()
                    ? durability.answerAsOf(memoryId, asOf, query.getQuestion(), query.getMaxNewTokens(),
                            query.getDeadline())
                    : engine.answer(memoryId, query.getQuestion(), query.getMaxNewTokens());
        } catch (Durability.VersionUnavailableException e) {
            emit(query, AnswerStatus.REJECTED, "", "VERSION_UNAVAILABLE: asOfVersion " + asOf + " of memory '"
                    + memoryId + "' (now at version " + state.version() + "): " + e.getMessage(), null, 0);
            return;
        } catch (RuntimeException e) {
            LOG.error("memory '{}': answering request {} failed", query.getMemoryId(), query.getRequestId(), e);
            emit(query, AnswerStatus.FAILED, "", "the engine failed to answer: " + e, null, 0);
            return;
        }
        emit(query, AnswerStatus.OK, generated.text(), null, generated.version(), generated.tokensGenerated());
    }

    /** Why this query is not answered, or null when it is answered. */
    private String rejectionReason(Query query, String key) {
        String memoryId = query.getMemoryId();
        if (!MemoryIds.isValid(memoryId)) {
            return "BAD_MEMORY_ID: " + MemoryIds.describeProblem(memoryId);
        }
        if (!memoryId.equals(key)) {
            return "WRONG_KEY: the query is keyed '" + key + "' but asks memory '" + memoryId
                    + "'; queries must be keyed by their memory id so the task that owns the memory receives them";
        }
        if (query.getQuestion().isBlank()) {
            return "EMPTY_QUESTION: the question is empty";
        }
        if (query.getQuestion().indexOf('\u0000') >= 0) {
            return "INVALID_QUESTION: the question contains a NUL character";
        }
        int promptTokens = engine.promptTokens(query.getQuestion());
        if (promptTokens > engine.maxPromptTokens()) {
            return "QUESTION_TOO_LONG: the question takes " + promptTokens + " tokens as a prompt; the model has "
                    + "room for " + engine.maxPromptTokens() + " after its memory";
        }
        int limit = Math.min(maxNewTokens, engine.maxNewTokens());
        if (query.getMaxNewTokens() < 1 || query.getMaxNewTokens() > limit) {
            return "TOKEN_LIMIT: maxNewTokens is " + query.getMaxNewTokens() + "; it must be between 1 and " + limit;
        }
        long now = context.currentSystemTimeMs();
        Instant deadline = query.getDeadline();
        if (deadline != null && now > deadline.toEpochMilli()) {
            return "DEADLINE_PASSED: the deadline " + deadline + " passed " + (now - deadline.toEpochMilli())
                    + " ms before the query could be answered";
        }
        MemoryState state = state(memoryId);
        if (state.version() == 0) {
            return "UNKNOWN_MEMORY: memory '" + memoryId + "' has no applied updates";
        }
        Long asOf = query.getAsOfVersion();
        if (asOf != null && (asOf < 1 || asOf > state.version())) {
            return "VERSION_UNAVAILABLE: asOfVersion " + asOf + " requested but memory '" + memoryId
                    + "' is at version " + state.version() + "; versions 1 to " + state.version() + " exist";
        }
        return null;
    }

    private MemoryState state(String memoryId) {
        MemoryState state = states.get(memoryId);
        return state != null ? state : durability.initialState(memoryId);
    }

    private void emit(Query query, AnswerStatus status, String text, String reason, Long version, int tokens) {
        long now = context.currentSystemTimeMs();
        long created = query.getCreatedAt() == null ? now : query.getCreatedAt().toEpochMilli();
        Answer answer = Answer.newBuilder()
                .setRequestId(query.getRequestId())
                .setMemoryId(query.getMemoryId())
                .setStatus(status)
                .setAnswer(text)
                .setReason(reason)
                .setMemoryVersion(version)
                .setTokensGenerated(tokens)
                .setLatencyMillis(Math.max(0, now - created))
                .setAnsweredAt(Instant.ofEpochMilli(now))
                .build();
        if (status != AnswerStatus.OK) {
            LOG.info("request {} for memory '{}': {} {}", query.getRequestId(), query.getMemoryId(), status, reason);
        }
        context.forward(new Record<>((Object) query.getRequestId(), (Object) answer, now), answersSink);
        // under exactly-once an answer is visible only once committed: commit now rather than after the next
        // apply round, which can take the whole apply budget (and hold that round back until the commit is done)
        context.commit();
        ThreadActivity.current().answered(threadPolls.count());
    }
}
