package engram.train.eval;

import engram.engine.MemoryLLM;
import engram.engine.ModelConfig;
import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.FactSource;
import engram.train.corpus.FillerTokens;
import engram.train.corpus.Sample;

/**
 * What an eval injects for a fact, shaped as the service would hand it to the model:
 * <ul>
 *   <li>no longer than the model's chunk limit ({@link ModelConfig#maxChunkTokens()}, 512 when it states none): the
 *       service's chunker cuts longer text into several updates, so a longer fact context is not drawn;</li>
 *   <li>at least {@value MemoryLLM#MIN_TRAINED_CONTEXT} tokens: shorter ones get unrelated filler in front (cut at
 *       its start), as an item's lead sentence would be. A self-update of fewer than K tokens takes a path the models
 *       are not trained on (the last K−T memory rows are re-processed as queries, memoryllm-algorithm §4.2), and the
 *       chunker merges short chunks up to that minimum anyway.</li>
 * </ul>
 */
public final class EvalContexts {

    private final Tokenizer tokenizer;
    private final int maxTokens;

    public EvalContexts(MemoryLLM model) {
        this.tokenizer = model.tokenizer();
        int stated = model.config().maxChunkTokens();
        this.maxTokens = stated > 0 ? stated : 512;
    }

    /** The next sample of {@code facts} whose context fits the chunk limit. */
    public Sample nextFitting(FactSource facts) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Sample sample = facts.nextSample();
            if (tokenizer.encode(sample.context().text()).ids().length <= maxTokens) {
                return sample;
            }
        }
        throw new IllegalStateException("no fact context of the corpus fits in " + maxTokens + " tokens");
    }

    /** The token ids of one unrelated context of that kind, drawn from {@code generator}. */
    public int[] unrelated(RetentionEval.Unrelated kind, FactSource generator) {
        return switch (kind) {
            case FACTS -> ids(nextFitting(generator), generator);
            case FILLER -> filler(generator);
        };
    }

    /** An unrelated context of filler only (no askable fact), as long as the chunk limit allows. */
    public int[] filler(FactSource filler) {
        return FillerTokens.leading(new int[0], maxTokens, filler, tokenizer);
    }

    /** The token ids to inject for {@code sample}: its context, topped up in front with filler from {@code filler}. */
    public int[] ids(Sample sample, FactSource filler) {
        int[] fact = tokenizer.encode(sample.context().text()).ids();
        return fact.length >= MemoryLLM.MIN_TRAINED_CONTEXT ? fact
                : FillerTokens.leading(fact, MemoryLLM.MIN_TRAINED_CONTEXT, filler, tokenizer);
    }
}
