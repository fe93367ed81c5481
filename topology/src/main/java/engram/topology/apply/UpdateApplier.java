package engram.topology.apply;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.SourceCoordinates;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import engram.topology.deadletter.DeadLetters;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolOutOfSyncException;
import engram.topology.validate.MemoryIds;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the updates of its partition to the memory pools, strictly in offset order (the order Kafka Streams
 * hands them over), one self-update per record, and announces each as a {@link MemoryVersion}.
 *
 * <p>A chunk whose source position is at or before the memory's mark for that source partition was applied
 * already (a re-delivered feed record yields the same coordinates and update ids) and is skipped: no second
 * self-update, no second version event. Updates that cannot be applied as written are dead-lettered.
 */
final class UpdateApplier implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);

    private final MemoryEngine engine;
    private final AvroCodec<MemoryUpdate> codec = new AvroCodec<>(MemoryUpdate.class);
    private final String versionsSink;
    private final String deadLetterSink;
    private final int keptValueBytes;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, MemoryState> states;

    UpdateApplier(MemoryEngine engine, String versionsSink, String deadLetterSink, int keptValueBytes) {
        this.engine = engine;
        this.versionsSink = versionsSink;
        this.deadLetterSink = deadLetterSink;
        this.keptValueBytes = keptValueBytes;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.states = context.getStateStore(ApplyFlow.MEMORY_STATE_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        SourceCoordinates logPosition = new SourceCoordinates(metadata.topic(), metadata.partition(),
                metadata.offset());
        MemoryUpdate update;
        try {
            update = checked(record);
        } catch (InvalidRecordException e) {
            LOG.warn("dead-lettering update at {}:{}:{}: {} {}", metadata.topic(), metadata.partition(),
                    metadata.offset(), e.kind(), e.getMessage());
            context.forward(new Record<>((Object) record.key(), (Object) DeadLetters.of(logPosition, record.key(), record.value(),
                    e.kind(), e.getMessage(), context.currentSystemTimeMs(), keptValueBytes), record.timestamp()),
                    deadLetterSink);
            return;
        }
        String memoryId = update.getMemoryId();
        MemoryState state = states.get(memoryId);
        if (state == null) {
            state = MemoryState.empty();
        }
        SourceCoordinates source = update.getSource();
        String sourcePartition = source.getTopic() + ":" + source.getPartition();
        MemoryState.SourcePosition position = new MemoryState.SourcePosition(source.getOffset(),
                update.getChunkIndex());
        if (state.hasApplied(sourcePartition, position)) {
            LOG.info("memory '{}': update {} (log offset {}) was applied already; skipping the duplicate", memoryId,
                    update.getUpdateId(), metadata.offset());
            return;
        }
        long engineVersion = engine.version(memoryId);
        if (engineVersion != state.version()) {
            throw new PoolOutOfSyncException(memoryId, state.version(), engineVersion);
        }
        int[] tokenIds = update.getTokenIds().stream().mapToInt(Integer::intValue).toArray();
        if (tokenIds.length < engine.minChunkTokens()) {
            LOG.warn("memory '{}': update {} has {} tokens, fewer than the model's minimum of {}; applying it anyway",
                    memoryId, update.getUpdateId(), tokenIds.length, engine.minChunkTokens());
        }
        AppliedUpdate applied = engine.selfUpdate(memoryId, update.getUpdateId(), tokenIds);
        if (applied.version() != state.version() + 1) {
            throw new PoolOutOfSyncException(memoryId, state.version() + 1, applied.version());
        }
        states.put(memoryId, state.after(applied.version(), update.getUpdateId(), sourcePartition, position));
        MemoryVersion version = MemoryVersion.newBuilder()
                .setMemoryId(memoryId)
                .setVersion(applied.version())
                .setUpdateId(update.getUpdateId())
                .setUpdateLog(logPosition)
                .setSource(source)
                .setSourceId(update.getSourceId())
                .setTokenCount(tokenIds.length)
                .setDropSeed(applied.dropSeed())
                .setPoolChecksum(applied.poolChecksum())
                .setModelId(engine.modelId())
                .setAppliedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setDurationMicros(applied.durationMicros())
                .build();
        context.forward(new Record<>((Object) memoryId, (Object) version, context.currentSystemTimeMs()), versionsSink);
    }

    /** Decodes the update and checks it can be applied by this engine as written (shared with replay). */
    private MemoryUpdate checked(Record<byte[], byte[]> record) {
        return UpdateRules.checked(record.key(), record.value(), codec, engine);
    }
}
