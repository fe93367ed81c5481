package engram.train.corpus;

/**
 * Facts to write into memory and ask about, and unrelated text, drawn from one split of one {@link Corpus}: what the
 * trainer's batches and the evals consume, whichever corpus a model reads.
 */
public interface FactSource {

    /** A new fact: the text that states it and one question whose answer is a span of that text. */
    Sample nextSample();

    /** Unrelated text with no askable fact (padding for short contexts, the side documents of a retention run). */
    String filler();
}
