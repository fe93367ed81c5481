package engram.train.corpus.natural;

/**
 * Which part of the natural corpus a generator draws from. The partition of words and names is fixed by the grammar
 * and lexicon files ({@link WordPools}), the held-out grammar rules and question forms by marks in the grammar, so
 * the splits are disjoint for every seed.
 */
public enum NaturalSplit {
    /** Training names, words, grammar rules and question forms only. */
    TRAIN,
    /** Held-out names (never in TRAIN text), with training words, rules and question forms. */
    HELDOUT_NAMES,
    /**
     * Held-out names, and held-out grammar rules, words and question forms wherever the grammar offers them (each
     * item states its fact with held-out material and is asked only in held-out question forms).
     */
    NATURAL_HELDOUT;

    boolean heldOutNames() {
        return this != TRAIN;
    }

    boolean heldOutGrammar() {
        return this == NATURAL_HELDOUT;
    }
}
