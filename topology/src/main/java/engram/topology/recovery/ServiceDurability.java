package engram.topology.recovery;

import engram.schemas.SourceCoordinates;
import engram.topology.apply.MemoryState;
import engram.topology.apply.PoolDurability;
import engram.topology.durability.AsOfPools;
import engram.topology.durability.LogPosition;
import engram.topology.durability.MemoryDurability;
import engram.topology.durability.PoolRecovery;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryLLMEngine;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply flow's durability hook over the durability library ({@link MemoryDurability}): restores a pool from its
 * latest snapshot plus the updates after it when the engine is not at the committed version, snapshots per the
 * policy after each update and on task close, and rebuilds earlier versions for as-of queries.
 *
 * <p>Called only from stream threads; the counters are for the service's logs and the crash harness.
 */
public final class ServiceDurability implements PoolDurability {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceDurability.class);

    private final MemoryLLMEngine engine;
    private final MemoryDurability durability;
    private final AtomicLong recoveries = new AtomicLong();
    private final AtomicLong reapplied = new AtomicLong();
    private final AtomicLong snapshotsWritten = new AtomicLong();

    public ServiceDurability(MemoryLLMEngine engine, MemoryDurability durability) {
        this.engine = engine;
        this.durability = durability;
    }

    /**
     * A memory filed by {@code Forgetting.installAs} ({@code ./engram replay --install-as}) starts at its snapshot's
     * state; any other unseen memory starts empty.
     */
    @Override
    public MemoryState initialState(String memoryId) {
        // any snapshot that says it was installed (the service may have written newer ones before its first commit)
        return durability.snapshots().list(memoryId).stream()
                .filter(s -> !s.metadata().derivedFrom().isEmpty())
                .map(s -> s.metadata().state())
                .findFirst()
                .orElse(MemoryState.empty());
    }

    @Override
    public void ensureAt(String memoryId, MemoryState committed) {
        PoolRecovery.Recovered done = durability.ensureAt(memoryId, committed);
        recoveries.incrementAndGet();
        reapplied.addAndGet(done.reapplied());
        if (!done.snapshotsPassedOver().isEmpty()) {
            LOG.warn("memory '{}': snapshots passed over while recovering: {}", memoryId, done.snapshotsPassedOver());
        }
    }

    @Override
    public void applied(String memoryId, MemoryState state, SourceCoordinates logPosition) {
        LogPosition position = new LogPosition(logPosition.getTopic(), logPosition.getPartition(),
                logPosition.getOffset());
        if (durability.applied(memoryId, state, position) != null) {
            snapshotsWritten.incrementAndGet();
        }
    }

    @Override
    public void flush(Set<String> memoryIds) {
        flushed(durability.flush(memoryIds));
    }

    @Override
    public void flushAll() {
        flushed(durability.flush());
    }

    private void flushed(int written) {
        snapshotsWritten.addAndGet(written);
        if (written > 0) {
            LOG.info("{} memory snapshot(s) written on close", written);
        }
    }

    @Override
    public GeneratedAnswer answerAsOf(String memoryId, long version, String question, int maxNewTokens,
                                      Instant deadline) {
        AsOfPools.AsOf asOf = durability.asOf().poolAt(memoryId, version, deadline);
        if (asOf.rejected()) {
            throw new VersionUnavailableException(asOf.rejection());
        }
        try (var pool = asOf.pool()) {
            LOG.info("memory '{}': answering as of version {} ({} updates re-applied)", memoryId, version,
                    asOf.replayed());
            return engine.answer(pool, question, maxNewTokens);
        }
    }

    public MemoryDurability library() {
        return durability;
    }

    /** Pools restored so far (each time the engine was not at the committed version). */
    public long recoveries() {
        return recoveries.get();
    }

    /** Updates re-applied by those restores. */
    public long reapplied() {
        return reapplied.get();
    }

    public long snapshotsWritten() {
        return snapshotsWritten.get();
    }
}
