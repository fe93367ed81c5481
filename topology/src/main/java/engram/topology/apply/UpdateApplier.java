package engram.topology.apply;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.serde.AvroCodec;
import engram.topology.deadletter.DeadLetterSink;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolOutOfSyncException;
import engram.topology.engine.UpdateInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the updates of its partition to the memory pools, strictly in offset order, one self-update per
 * record, and announces each as a {@link MemoryVersion}.
 *
 * <p>Queued, then applied in timed rounds: an arriving update is only checked and queued (in a changelogged
 * store keyed by its offset, so the queue is part of the exactly-once state); a wall-clock punctuation every
 * {@value ApplyFlow#APPLY_ROUND_MILLIS} ms may start a round, which applies the oldest queued updates until the
 * round's budget is spent, then returns so the stream thread polls and answers the queries that arrived meanwhile.
 * At most one round starts per poll of the thread ({@link ThreadActivity}). A query therefore
 * waits for at most one round plus one update, however long the backlog. When the queue holds {@code maxPendingUpdates}, an
 * arriving update first applies the oldest one: the thread stops reading ahead and the backlog stays on the brokers.
 *
 * <p>A chunk whose source position is at or before the memory's mark for that source partition was applied
 * already (a re-delivered feed record yields the same coordinates and update ids) and is skipped: no second
 * self-update, no second version event. Updates that cannot be applied as written are dead-lettered.
 */
final class UpdateApplier implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);
    /** Queued updates read from the store at a time (an iterator is not kept open while applying). */
    private static final int BATCH = 16;

    private final MemoryEngine engine;
    private final Durability durability;
    private final AvroCodec<MemoryUpdate> codec = new AvroCodec<>(MemoryUpdate.class);
    private final String updatesTopic;
    private final String versionsSink;
    private final DeadLetterSink deadLetters;
    private final int roundBudgetMillis;
    private final int maxPending;
    private final ShortUpdateWarnings shortUpdates = new ShortUpdateWarnings();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, MemoryState> states;
    private KeyValueStore<Long, byte[]> pending;
    private ThreadPolls threadPolls;
    /** The memories this task has applied updates to (it snapshots them when it closes). */
    private final Set<String> memories = new HashSet<>();
    private long pendingCount;
    /** Every queued offset below this has been applied: start scans here, past the deleted entries. */
    private long scanFrom;

    UpdateApplier(MemoryEngine engine, Durability durability, String updatesTopic, String versionsSink, String deadLetterSink,
                  int keptValueBytes, int roundBudgetMillis, int maxPending) {
        this.engine = engine;
        this.durability = durability;
        this.updatesTopic = updatesTopic;
        this.versionsSink = versionsSink;
        this.deadLetters = new DeadLetterSink(deadLetterSink, keptValueBytes);
        this.roundBudgetMillis = roundBudgetMillis;
        this.maxPending = maxPending;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.states = context.getStateStore(ApplyFlow.MEMORY_STATE_STORE);
        this.pending = context.getStateStore(ApplyFlow.PENDING_UPDATES_STORE);
        this.threadPolls = new ThreadPolls(context.metrics());
        pendingCount = 0;
        scanFrom = 0;
        try (KeyValueIterator<Long, byte[]> all = pending.all()) {
            all.forEachRemaining(entry -> pendingCount++);
        }
        if (pendingCount > 0) {
            LOG.info("task {}: {} queued updates restored", context.taskId(), pendingCount);
        }
        context.schedule(Duration.ofMillis(ApplyFlow.APPLY_ROUND_MILLIS), PunctuationType.WALL_CLOCK_TIME,
                now -> applyRound());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ThreadActivity.recordProcessed();
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        try {
            checked(record);
        } catch (InvalidRecordException e) {
            deadLetters.send(context, record, e);
            return;
        }
        pending.put(metadata.offset(), record.value());
        pendingCount++;
        if (pendingCount > maxPending) {
            applyQueued(System.nanoTime()); // the queue is full: apply the oldest now, which holds the thread back from reading on
        }
    }

    /** A punctuation: one apply round if the thread has no records waiting (see {@link ThreadActivity}). */
    private void applyRound() {
        if (pendingCount == 0) {
            return;
        }
        ThreadActivity thread = ThreadActivity.current();
        long polls = threadPolls.count();
        long deadline = thread.roundDeadline(context.currentSystemTimeMs(), roundBudgetMillis, polls);
        if (deadline < 0) {
            return;
        }
        long startedNanos = System.nanoTime();
        applyQueued(deadline);
        // the thread's clock is cached and did not move during the round: add the round's own duration
        thread.roundEnded(context.currentSystemTimeMs() + (System.nanoTime() - startedNanos) / 1_000_000, polls);
        if (pendingCount == 0) {
            // the backlog is applied: make its last versions visible now. Under a backlog the commit interval
            // (StreamsProperties) commits every few rounds instead, since each commit stalls the engine.
            context.commit();
        }
    }

    /**
     * Applies queued updates, oldest first, until {@code deadlineNanos} (System.nanoTime()) has passed or the queue
     * is empty; at least one.
     */
    private void applyQueued(long deadlineNanos) {
        while (true) {
            List<KeyValue<Long, byte[]>> batch = new ArrayList<>(BATCH);
            try (KeyValueIterator<Long, byte[]> oldest = pending.range(scanFrom, Long.MAX_VALUE)) {
                while (oldest.hasNext() && batch.size() < BATCH) {
                    batch.add(oldest.next());
                }
            }
            if (batch.isEmpty()) {
                pendingCount = 0; // the count is only a cache of the store's size; the store is the truth
                return;
            }
            for (KeyValue<Long, byte[]> queued : batch) {
                apply(queued.key, codec.decode(queued.value));
                pending.delete(queued.key);
                scanFrom = queued.key + 1;
                pendingCount = Math.max(0, pendingCount - 1);
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return;
                }
            }
        }
    }

    /** One self-update, or nothing when the update was applied before. */
    private void apply(long logOffset, MemoryUpdate update) {
        SourceCoordinates logPosition = new SourceCoordinates(updatesTopic, context.taskId().partition(), logOffset);
        String memoryId = update.getMemoryId();
        MemoryState state = states.get(memoryId);
        if (state == null) {
            state = durability.initialState(memoryId); // empty, or the start of an installed memory
        }
        SourceCoordinates source = update.getSource();
        if (UpdateRules.isDuplicate(state, update)) {
            LOG.info("memory '{}': update {} (log offset {}) was applied already; skipping the duplicate", memoryId,
                    update.getUpdateId(), logOffset);
            return;
        }
        if (engine.version(memoryId) != state.version()) {
            // a restart, a task move or an aborted transaction: restore the pool to the committed version
            durability.ensureAt(memoryId, state);
            long engineVersion = engine.version(memoryId);
            if (engineVersion != state.version()) {
                throw new PoolOutOfSyncException(memoryId, state.version(), engineVersion);
            }
        }
        UpdateInput input = UpdateInput.of(update);
        if (input.tokenCount() < engine.minChunkTokens()) {
            shortUpdates.seen(memoryId, update.getUpdateId(), input.tokenCount(), engine.minChunkTokens());
        }
        AppliedUpdate applied = engine.selfUpdate(memoryId, input);
        if (applied.version() != state.version() + 1) {
            throw new PoolOutOfSyncException(memoryId, state.version() + 1, applied.version());
        }
        memories.add(memoryId);
        MemoryState newState = UpdateRules.after(state, applied.version(), update);
        states.put(memoryId, newState);
        durability.applied(memoryId, newState, logPosition);
        long now = context.currentSystemTimeMs();
        MemoryVersion version = MemoryVersion.newBuilder()
                .setMemoryId(memoryId)
                .setVersion(applied.version())
                .setUpdateId(update.getUpdateId())
                .setUpdateLog(logPosition)
                .setSource(source)
                .setSourceId(update.getSourceId())
                .setTokenCount(input.tokenCount())
                .setDropSeed(applied.dropSeed())
                .setPoolChecksum(applied.poolChecksum())
                .setModelId(engine.modelId())
                .setAppliedAt(Instant.ofEpochMilli(now))
                .setDurationMicros(applied.durationMicros())
                .build();
        context.forward(new Record<>((Object) memoryId, (Object) version, now), versionsSink);
    }

    /** The task closes (clean shutdown or rebalance): snapshot what changed, so a restart replays little. */
    @Override
    public void close() {
        durability.flush(memories);
    }

    /** Decodes the update and checks it can be applied by this engine as written (shared with replay). */
    private MemoryUpdate checked(Record<byte[], byte[]> record) {
        return UpdateRules.checked(record.key(), record.value(), codec, engine);
    }
}
