package engram.train.corpus.natural;

import java.util.List;

/**
 * A slot value of a scene: its text as written at first mention ("Harbor Logistics Group", "$1.7 billion"), its
 * kind, and how later mentions refer back to it ("Harbor", "the company", "it"; possessive "its", "Harbor's").
 */
record Value(String text, Kind kind, List<String> anaphors, List<String> possessives) {

    /** What a value is; questions and statistics group by it. */
    enum Kind {
        PERSON, ORG, TEAM, CITY, COUNTRY, VENUE, PRODUCT, WORK, AWARD, EVENT, ROLE, MONEY, PERCENT, COUNT, DATE,
        WEEKDAY, MONTH, YEAR, PERIOD, SCORE, RANK, MEASURE, AGE, SPEAKER, OTHER
    }

    Value {
        anaphors = List.copyOf(anaphors);
        possessives = List.copyOf(possessives);
    }

    /** A value later mentions repeat in full (amounts, dates): only grammar rules that need it twice use that. */
    static Value plain(String text, Kind kind) {
        return new Value(text, kind, List.of(), List.of());
    }

    /** The value with its possessive ending: "Harbor's", but "Motors'" for a name that ends in s. */
    static String possessive(String text) {
        return text.endsWith("s") ? text + "'" : text + "'s";
    }
}
