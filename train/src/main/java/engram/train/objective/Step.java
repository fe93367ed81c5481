package engram.train.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.engine.ModelConfig;
import engram.engine.model.Backbone;
import engram.train.TrainingBatch;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One training step as its objectives see it: its number and data, and in a memory step the streams' pools before
 * the update [L, B, N, d], the new rows Δ [L, B, K, d] the self-update wrote with gradient, the updated pools
 * [survivors ; Δ], and what this step's fact is asked from (Δ and the updated pools unless a {@link ReadTransform}
 * changed them). Objectives record the figures the log shows with {@link #measure}.
 */
public final class Step {

    /** The figures of a step that the loss log records (NaN or absent: not measured this step). */
    public enum Figure { ANSWER, RETENTION, IN_CONTEXT }

    private final RunContext run;
    private final int number;
    private final TrainingBatch batch;
    private final NDArray pools;
    private final NDArray delta;
    private final NDArray updated;
    private NDArray deltaRead;
    private NDArray poolRead;
    private final Map<Figure, Double> measured = new EnumMap<>(Figure.class);

    private Step(RunContext run, int number, TrainingBatch batch, NDArray pools, NDArray delta, NDArray updated) {
        this.run = run;
        this.number = number;
        this.batch = batch;
        this.pools = pools;
        this.delta = delta;
        this.updated = updated;
        this.deltaRead = delta;
        this.poolRead = updated;
    }

    /** A curriculum step: data only, no pools. */
    public static Step curriculum(RunContext run, int number, TrainingBatch batch) {
        return new Step(run, number, batch, null, null, null);
    }

    /** A memory step after its self-update: {@code updated} = [survivors of {@code pools} ; {@code delta}]. */
    public static Step memory(RunContext run, int number, TrainingBatch batch, NDArray pools, NDArray delta,
                              NDArray updated) {
        return new Step(run, number, batch, pools, delta, updated);
    }

    public RunContext run() {
        return run;
    }

    /** The step's number, 0-based (what its draws and its data derive from). */
    public int number() {
        return number;
    }

    public TrainingBatch batch() {
        return batch;
    }

    public boolean isCurriculum() {
        return pools == null;
    }

    /** Memory steps before this one (0 at the first: no fact injected earlier is in the pools yet). */
    public int memoryStepsBefore() {
        return number - run.curriculumSteps();
    }

    /** The streams' pools before the update [L, B, N, d] (detached). */
    public NDArray pools() {
        return memoryOnly(pools);
    }

    /** The rows this step's self-update wrote [L, B, K, d], with gradient into the injection. */
    public NDArray delta() {
        return memoryOnly(delta);
    }

    /** [survivors ; Δ] [L, B, N, d]: the pools the next step starts from. */
    public NDArray updated() {
        return memoryOnly(updated);
    }

    /** What the question about this step's fact reads from Δ alone ({@link #delta()} unless transformed). */
    public NDArray deltaRead() {
        return memoryOnly(deltaRead);
    }

    public void deltaRead(NDArray rows) {
        deltaRead = rows;
    }

    /** What the question about this step's fact reads from the pools ({@link #updated()} unless transformed). */
    public NDArray poolRead() {
        return memoryOnly(poolRead);
    }

    public void poolRead(NDArray rows) {
        poolRead = rows;
    }

    public void measure(Figure figure, double value) {
        measured.put(figure, value);
    }

    public Map<Figure, Double> measured() {
        return Collections.unmodifiableMap(measured);
    }

    // shorthands for what objectives use most

    public long seed() {
        return run.seed();
    }

    public ModelConfig model() {
        return run.model();
    }

    public Backbone backbone() {
        return run.backbone();
    }

    public NDManager manager() {
        return run.manager();
    }

    public int streams() {
        return run.streams();
    }

    public int eos() {
        return run.eos();
    }

    private NDArray memoryOnly(NDArray a) {
        if (isCurriculum()) {
            throw new IllegalStateException("step " + number + " is a curriculum step: it has no pools");
        }
        return a;
    }
}
