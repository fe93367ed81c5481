package engram.topology.durability;

import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.topology.apply.MemoryState;
import engram.topology.apply.UpdateRules;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolHandle;
import engram.topology.engine.UpdateInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a memory's pool from the updates topic: from the nearest usable snapshot at or before the start point
 * (else from the memory's initial pool), applying the memory's updates in offset order with exactly the apply
 * flow's rules ({@link UpdateRules}: records it dead-letters are skipped, re-delivered chunks are skipped), up to a
 * target version, optionally checking every rebuilt version against the versions topic.
 *
 * <p>The engine's live memories are not touched: the rebuild works on a detached pool of its own, so it can run beside
 * the service (the model is shared, the pools are not). Records are read with read_committed, so aborted writes of a crashed service are
 * never replayed.
 *
 * <p>With exclusions (forgetting) the rebuild starts from a snapshot before the first excluded update (found via
 * the versions topic), leaves the excluded updates out, and still advances the duplicate marks over them, so
 * exactly the same updates count as duplicates as in the original run.
 */
public final class Replayer {

    public static final long PROGRESS_EVERY_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final MemoryEngine engine;
    private final LogAccess logs;
    private final SnapshotStore snapshots;

    /**
     * @param engine applies the updates to detached pools (its live memories are not touched)
     * @param logs where the updates and versions topics are
     * @param snapshots where snapshots are, restored by the same engine; null to always rebuild from version 0
     */
    public Replayer(MemoryEngine engine, LogAccess logs, SnapshotStore snapshots) {
        if (snapshots != null && snapshots.engine() != engine) {
            throw new IllegalArgumentException("the snapshot store restores pools for another engine than the replayer's");
        }
        this.engine = engine;
        this.logs = logs;
        this.snapshots = snapshots;
    }

    public MemoryEngine engine() {
        return engine;
    }

    public LogAccess logs() {
        return logs;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    public ReplayResult replay(ReplayRequest request) {
        return replay(request, ReplayProgress.Listener.NONE);
    }

    public ReplayResult replay(ReplayRequest request, ReplayProgress.Listener listener) {
        String memoryId = request.memoryId();
        boolean needHistory = request.verify() || !request.exclusions().isEmpty();
        VersionHistory history = needHistory ? VersionHistory.read(logs, memoryId) : VersionHistory.none(memoryId);
        long target = request.toVersion();
        if (request.verify() && !request.bounded() && history.size() > 0) {
            target = history.latestVersion(); // what the service has announced; later updates cannot be verified
        }
        long startLimit = target;
        if (!request.exclusions().isEmpty()) {
            long before = history.firstVersionExcludedBy(request.exclusions()).map(v -> v - 1)
                    .orElse(history.firstMissingVersion() - 1);
            startLimit = Math.min(startLimit, before);
        }
        Rebuild rebuild = start(request, startLimit, target);
        try (KafkaConsumer<byte[], byte[]> consumer = logs.consumer()) {
            int partition = rebuild.startedFrom == null
                    ? LogAccess.partitionOf(consumer, logs.updatesTopic(), memoryId)
                    : rebuild.position.partition();
            rebuild.position = new LogPosition(logs.updatesTopic(), partition, rebuild.position.offset());
            rebuild.started = System.nanoTime();
            rebuild.lastReport = rebuild.started;
            if (rebuild.canContinue(request)) {
                KeyedLogReader.read(consumer, new TopicPartition(logs.updatesTopic(), partition),
                        rebuild.position.nextOffset(), memoryId,
                        record -> rebuild.step(record, request, history, listener),
                        () -> !rebuild.canContinue(request));
            }
            return rebuild.finish(request, history, listener);
        } catch (RuntimeException e) {
            rebuild.pool.close();
            throw e;
        }
    }

    /**
     * Writes a rebuilt pool to {@code file} as a snapshot file with its metadata ({@link ReplayResult#metadata}: what
     * was excluded, where it came from), e.g. for {@code ./engram replay --out}.
     */
    public void write(ReplayResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        engine.writeSnapshot(result.pool(), file,
                result.metadata(result.memoryId(), System.currentTimeMillis()).toMap());
    }

    /** Restores the start pool: the newest usable snapshot at or before {@code startLimit}, else version 0. */
    private Rebuild start(ReplayRequest request, long startLimit, long target) {
        String memoryId = request.memoryId();
        List<String> passedOver = new ArrayList<>();
        if (request.useSnapshots() && snapshots != null) {
            SnapshotRestore restore = snapshots.restoreAtOrBefore(memoryId, startLimit);
            passedOver.addAll(restore.rejected());
            if (restore.found()) {
                SnapshotMetadata metadata = restore.snapshot().metadata();
                String problem = unusable(metadata, restore.pool());
                if (problem == null) {
                    return new Rebuild(memoryId, restore.pool(), restore.snapshot(), metadata.state(),
                            metadata.lastApplied(), target, passedOver);
                }
                passedOver.add(restore.snapshot().file() + ": " + problem);
                restore.pool().close();
            }
        }
        PoolHandle initial = engine.newPool(memoryId);
        return new Rebuild(memoryId, initial, null, MemoryState.empty(),
                LogPosition.before(logs.updatesTopic(), -1), target, passedOver);
    }

    /** Why a snapshot that restored cleanly still cannot start this rebuild, or null. */
    private String unusable(SnapshotMetadata metadata, PoolHandle pool) {
        if (!metadata.lastApplied().topic().equals(logs.updatesTopic())) {
            return "written against update log '" + metadata.lastApplied().topic() + "', not '" + logs.updatesTopic()
                    + "'";
        }
        if (!metadata.excluded().isEmpty() && metadata.derivedFrom().isEmpty()) {
            return "a pool rebuilt with exclusions filed under the memory's own id, not the product of its log";
        }
        if (metadata.version() != pool.version()) {
            return "metadata version " + metadata.version() + " differs from the pool's " + pool.version();
        }
        return null;
    }

    /** The state of one rebuild while it reads the log. */
    private final class Rebuild {
        final String memoryId;
        final PoolHandle pool;
        final StoredSnapshot startedFrom;
        final List<String> passedOver;
        final long target;
        final AvroCodec<MemoryUpdate> codec = new AvroCodec<>(MemoryUpdate.class);
        final List<String> excluded = new ArrayList<>();
        MemoryState state;
        LogPosition position;
        long originalVersion;
        long applied;
        long duplicates;
        long invalid;
        long verified;
        Divergence divergence;
        boolean deadlinePassed;
        long started;
        long lastReport;
        long lastSnapshotVersion;
        long lastSnapshotNanos;

        Rebuild(String memoryId, PoolHandle pool, StoredSnapshot startedFrom, MemoryState state, LogPosition position,
                long target, List<String> passedOver) {
            this.memoryId = memoryId;
            this.pool = pool;
            this.startedFrom = startedFrom;
            this.state = state;
            this.position = position;
            this.target = target;
            this.passedOver = passedOver;
            this.originalVersion = state.version();
            this.lastSnapshotVersion = state.version();
            this.lastSnapshotNanos = System.nanoTime();
        }

        boolean canContinue(ReplayRequest request) {
            if (divergence != null || originalVersion >= target) {
                return false;
            }
            if (request.deadline() != null && Instant.now().isAfter(request.deadline())) {
                deadlinePassed = true;
                return false;
            }
            return true;
        }

        /** One record of the memory's key; false stops reading. */
        boolean step(ConsumerRecord<byte[], byte[]> record, ReplayRequest request, VersionHistory history,
                     ReplayProgress.Listener listener) {
            if (!canContinue(request)) {
                return false;
            }
            MemoryUpdate update;
            try {
                update = UpdateRules.checked(record.key(), record.value(), codec, engine);
            } catch (InvalidRecordException e) {
                invalid++; // the service dead-lettered it: it never became a version
                return true;
            }
            if (UpdateRules.isDuplicate(state, update)) {
                duplicates++;
                return true;
            }
            originalVersion++;
            LogPosition here = new LogPosition(record.topic(), record.partition(), record.offset());
            if (request.exclusions().excludes(update)) {
                excluded.add(update.getUpdateId());
                // the marks still move past it: what counts as a duplicate stays what it was in the original run
                state = state.after(state.version(), state.lastUpdateId(), UpdateRules.sourcePartition(update),
                        UpdateRules.sourcePosition(update));
                position = here;
            } else {
                AppliedUpdate v = engine.selfUpdate(pool, UpdateInput.of(update));
                applied++;
                state = UpdateRules.after(state, v.version(), update);
                position = here;
                if (request.verify() && excluded.isEmpty()) {
                    divergence = check(history, v.version(), update.getUpdateId(), engine.modelId(), v.poolChecksum());
                    if (divergence != null) {
                        LOG.warn("memory '{}': replay diverges at {}", memoryId, divergence);
                        return false;
                    }
                    verified++;
                }
                maybeSnapshot(request);
            }
            long now = System.nanoTime();
            if (now - lastReport >= Duration.ofMillis(PROGRESS_EVERY_MILLIS).toNanos()) {
                lastReport = now;
                listener.onProgress(progress(now));
            }
            return originalVersion < target;
        }

        private void maybeSnapshot(ReplayRequest request) {
            SnapshotPolicy policy = request.snapshotsAlongTheWay();
            if (policy == null || snapshots == null || !excluded.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (!policy.due(state.version() - lastSnapshotVersion, Duration.ofNanos(now - lastSnapshotNanos))) {
                return;
            }
            try {
                snapshots.save(pool, new SnapshotMetadata(memoryId, position, state, System.currentTimeMillis(),
                        Exclusions.NONE, ""));
                lastSnapshotVersion = state.version();
                lastSnapshotNanos = now;
            } catch (IOException e) {
                LOG.warn("memory '{}': snapshot of version {} during replay failed: {}", memoryId, state.version(),
                        e.toString());
            }
        }

        ReplayProgress progress(long now) {
            return new ReplayProgress(memoryId, originalVersion, startedFrom == null ? 0 : startedFrom.version(),
                    target == ReplayRequest.END_OF_LOG ? -1 : target, applied, now - started);
        }

        ReplayResult finish(ReplayRequest request, VersionHistory history, ReplayProgress.Listener listener) {
            long now = System.nanoTime();
            listener.onProgress(progress(now));
            ReplayResult.Outcome outcome;
            String reason = "";
            if (divergence != null) {
                outcome = ReplayResult.Outcome.DIVERGED;
                reason = divergence.toString();
            } else if (deadlinePassed) {
                outcome = ReplayResult.Outcome.DEADLINE_PASSED;
                reason = "deadline " + request.deadline() + " passed at version " + originalVersion + " of " + target;
            } else if (target != ReplayRequest.END_OF_LOG && originalVersion < target) {
                outcome = ReplayResult.Outcome.LOG_ENDED;
                reason = "the update log holds " + originalVersion + " versions of memory '" + memoryId + "', not "
                        + target;
            } else {
                outcome = ReplayResult.Outcome.COMPLETE;
            }
            return new ReplayResult(memoryId, outcome, pool, startedFrom, passedOver, state, position, originalVersion,
                    applied, duplicates, invalid, request.exclusions(), excluded, verified, divergence,
                    history.problems(), now - started, reason);
        }
    }

    /** Compares one rebuilt version, made by model {@code modelId}, with the versions topic; null when they agree. */
    static Divergence check(VersionHistory history, long version, String updateId, String modelId, String checksum) {
        Optional<String> conflict = history.conflictAt(version);
        if (conflict.isPresent()) {
            return new Divergence(version, Divergence.Kind.CONFLICTING_EVENTS, updateId, "one event", "several",
                    conflict.get());
        }
        Optional<MemoryVersion> event = history.get(version);
        if (event.isEmpty()) {
            return new Divergence(version, Divergence.Kind.MISSING_EVENT, updateId, "", checksum,
                    "the versions topic has no event for this version");
        }
        MemoryVersion expected = event.get();
        if (!expected.getUpdateId().equals(updateId)) {
            return new Divergence(version, Divergence.Kind.UPDATE_ID, updateId, expected.getUpdateId(), updateId,
                    "the service applied another update as this version");
        }
        if (!expected.getModelId().equals(modelId)) {
            return new Divergence(version, Divergence.Kind.MODEL, updateId, expected.getModelId(), modelId,
                    "the service applied this version with model " + expected.getModelId() + ", this rebuild runs "
                            + modelId + "; " + Divergence.MODEL_CHANGE_FIX);
        }
        if (!expected.getPoolChecksum().equals(checksum)) {
            return new Divergence(version, Divergence.Kind.CHECKSUM, updateId, expected.getPoolChecksum(), checksum,
                    "the rebuilt pool differs from the announced one");
        }
        return null;
    }
}
