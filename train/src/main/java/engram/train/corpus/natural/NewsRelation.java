package engram.train.corpus.natural;

import engram.train.corpus.Relation;

/**
 * The kinds of fact the natural corpus states, how often each is drawn, and the nearest relation of the phrasebook
 * corpus (for {@link NaturalSamples#sample}, whose {@code Fact} needs one). The grammar writes a relation with rule
 * {@code NEWS.<name>} (and {@code CONVO.<name>} for a conversation turn) and asks about its slots with rules
 * {@code Q.<name>.<slot>}.
 */
public enum NewsRelation {
    APPOINT(10, Relation.CEO),
    DEPART(5, Relation.JOB_TITLE),
    RELOCATE(5, Relation.HEADQUARTERS),
    OPEN(5, Relation.HEADQUARTERS),
    CLOSE(3, Relation.HEADQUARTERS),
    ACQUIRE(8, Relation.ACQUISITION),
    MERGE(3, Relation.ACQUISITION),
    STAKE(3, Relation.ACQUISITION),
    FUNDING(4, Relation.PRICE),
    LAUNCH(7, Relation.PRODUCT_LAUNCH),
    AWARD(6, Relation.JOB_TITLE),
    EVENT(6, Relation.EVENT_DATE),
    RESULTS(5, Relation.PRICE),
    FINE(3, Relation.PRICE),
    LAWSUIT(3, Relation.PRICE),
    CONTRACT(3, Relation.PRICE),
    PARTNER(3, Relation.ACQUISITION),
    MATCH(5, Relation.MATCH_SCORE),
    RECORD(3, Relation.MATCH_SCORE),
    FOUNDED(3, Relation.FOUNDED),
    ELECTION(4, Relation.JOB_TITLE),
    BUDGET(3, Relation.PRICE);

    private final int weight;
    private final Relation phrasebookRelation;

    NewsRelation(int weight, Relation phrasebookRelation) {
        this.weight = weight;
        this.phrasebookRelation = phrasebookRelation;
    }

    /** Relative frequency in the corpus. */
    public int weight() {
        return weight;
    }

    /** The phrasebook relation nearest to this one (coarse: e.g. AWARD and ELECTION map to JOB_TITLE). */
    public Relation phrasebookRelation() {
        return phrasebookRelation;
    }
}
