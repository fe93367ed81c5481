package engram.engine.ltm;

import ai.djl.ndarray.NDArray;
import engram.engine.model.Backbone;

/**
 * What a retriever may look at: the model, the memory's long-term state, the prompt's token ids and, per layer, the
 * prompt's hidden states at that layer's input in pass 1 of the promote read ({@code [1, T, d]}, memory = the pool as
 * it is).
 *
 * @param recencyPrior β, added to the standardised score of the pool's newest block
 */
public record RetrievalQuery(Backbone backbone, LongTermMemory ltm, int[] promptIds, NDArray[] layerInputs,
                             double recencyPrior) {
}
