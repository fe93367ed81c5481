package engram.lab.probe;

import engram.train.eval.EvalContexts;
import engram.train.eval.RetentionEval;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;

/**
 * The probes' examples: held-out-name facts drawn from {@code seed}, and unrelated contexts (also the filler that
 * tops short ones up) from {@code seed + 1}, shaped as {@link RetentionEval} shapes them ({@link EvalContexts}). The
 * same seed gives every probe, and every arm of one, the same facts and contexts.
 */
final class ProbeExamples {

    /** A fact to inject, and its question and expected answer. */
    record Example(int[] context, int[] question, String answer) {

        /** Whether the question, asked of {@code pool}, is answered by the protocol's criterion. */
        boolean answeredFrom(MemoryLLM model, MemoryPool pool) {
            return RetentionEval.answers(model, pool, question, answer);
        }
    }

    private final MemoryLLM model;
    private final EvalContexts contexts;
    private final CorpusGenerator facts;
    private final CorpusGenerator unrelated;

    ProbeExamples(MemoryLLM model, long seed) {
        this.model = model;
        this.contexts = new EvalContexts(model);
        this.facts = new CorpusGenerator(seed, Split.HELDOUT_NAMES);
        this.unrelated = new CorpusGenerator(seed + 1, Split.HELDOUT_NAMES);
    }

    Example next() {
        Sample sample = contexts.nextFitting(facts);
        return new Example(contexts.ids(sample, unrelated),
                model.tokenizer().encode(sample.question().prompt()).ids(), sample.question().answer());
    }

    /** The next unrelated context to inject after a fact. */
    int[] unrelatedContext() {
        return contexts.ids(contexts.nextFitting(unrelated), unrelated);
    }
}
