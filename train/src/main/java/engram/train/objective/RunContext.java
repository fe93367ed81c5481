package engram.train.objective;

import ai.djl.ndarray.NDManager;
import engram.engine.ModelConfig;
import engram.engine.model.Backbone;
import engram.train.ProseRows;
import engram.train.TrainingBatch;

/**
 * What every step of a run shares: the seed its draws derive from, the model being trained, the manager its step
 * arrays go to, the end-of-text id (question rows end with it and are padded with it), the number of streams (pools
 * trained side by side), how many curriculum steps come first, and its data: the facts of each step, and prose for
 * language modelling.
 */
public record RunContext(long seed, ModelConfig model, Backbone backbone, NDManager manager, int eos, int streams,
                         int curriculumSteps, Batches batches, ProseRows prose) {

    /** The data of a step, a pure function of the step (so a step can rebuild an earlier step's facts). */
    @FunctionalInterface
    public interface Batches {
        TrainingBatch of(long step, int rows);
    }
}
