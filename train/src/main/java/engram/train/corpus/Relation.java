package engram.train.corpus;

/** The kinds of fact the corpus states. Each has its own slots (see {@link FactFactory}) and phrasings. */
public enum Relation {
    CEO,
    HEADQUARTERS,
    ACQUISITION,
    PRODUCT_LAUNCH,
    PRICE,
    FOUNDED,
    EMPLOYEES,
    MATCH_SCORE,
    EVENT_PLACE,
    EVENT_DATE,
    JOB_TITLE,
    FAVOURITE,
    PARTNER,
    HOMETOWN
}
