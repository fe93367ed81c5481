package engram.train.corpus.natural;

import java.util.List;

/**
 * The grammar files, the lexicon, the held-out partition and the name bank, loaded once and shared by every
 * generator (all immutable).
 */
final class NaturalGrammar {

    /** Grammar resources, in load order. */
    static final List<String> FILES = List.of("grammar/entities.txt", "grammar/common.txt", "grammar/people.txt",
            "grammar/places.txt", "grammar/deals.txt", "grammar/money.txt", "grammar/culture.txt",
            "grammar/sport.txt", "grammar/questions-people.txt", "grammar/questions-business.txt",
            "grammar/questions-other.txt");

    final Grammar grammar;
    final Lexicon lexicon;
    final WordPools pools;
    final Vocabulary vocabulary;
    final NameBank names;

    private NaturalGrammar() {
        grammar = GrammarParser.load(FILES);
        lexicon = Lexicon.get();
        pools = new WordPools(grammar, lexicon);
        vocabulary = new Vocabulary(grammar, lexicon, pools);
        names = new NameBank(lexicon, pools, vocabulary);
    }

    private static final class Holder {
        static final NaturalGrammar INSTANCE = new NaturalGrammar();
    }

    static NaturalGrammar get() {
        return Holder.INSTANCE;
    }
}
