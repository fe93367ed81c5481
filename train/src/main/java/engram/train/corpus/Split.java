package engram.train.corpus;

/**
 * Which part of the corpus a generator draws from. Names are split by a fixed hash of each generated word (so the
 * pools are disjoint whatever the seed), templates by a held-out flag on each phrasing and question template.
 */
public enum Split {
    /** Training names, training phrasings and question templates. */
    TRAIN,
    /** Names never used in TRAIN, with the training phrasings: measures reading new facts about new entities. */
    HELDOUT_NAMES,
    /**
     * Phrasings and question templates never used in TRAIN, with held-out names too: measures generalisation to
     * unseen wording.
     */
    HELDOUT_TEMPLATES;

    boolean usesHeldOutNames() {
        return this != TRAIN;
    }

    boolean usesHeldOutTemplates() {
        return this == HELDOUT_TEMPLATES;
    }
}
