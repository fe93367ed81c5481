package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Name material split by {@link WordPools}: first names, surnames, cities and countries (each list holding only names
 * whose words are all on one side), and the grammar's stems of company, product and team names ("Cedar",
 * "Falcons", "Crimson"; starred ones held out). Training names for TRAIN, held-out ones for the other splits.
 */
final class NameBank {

    private final Side train;
    private final Side heldOut;

    /** The names of one side. */
    record Side(List<String> firstNames, List<String> surnames, List<Lexicon.City> cities,
                List<Lexicon.Country> countries, List<String> stems, List<String> animals, List<String> hues) {
    }

    NameBank(Lexicon lexicon, WordPools pools, Vocabulary vocabulary) {
        this.train = side(lexicon, pools, vocabulary, false);
        this.heldOut = side(lexicon, pools, vocabulary, true);
    }

    Side side(boolean heldOutNames) {
        return heldOutNames ? heldOut : train;
    }

    private static Side side(Lexicon lexicon, WordPools pools, Vocabulary vocabulary, boolean heldOut) {
        WordPools.Pool pool = heldOut ? WordPools.Pool.HELD_OUT : WordPools.Pool.TRAIN;
        return new Side(filter(lexicon.firstNames(), s -> s, pools, pool),
                filter(lexicon.surnames(), s -> s, pools, pool),
                filter(lexicon.cities(), Lexicon.City::name, pools, pool),
                filter(lexicon.countries().stream().filter(c -> !c.adjective().isEmpty()).toList(),
                        c -> c.name() + " " + c.adjective(), pools, pool),
                vocabulary.options("name_stem", "base", heldOut), vocabulary.options("team_animal", "base", heldOut),
                vocabulary.options("name_hue", "base", heldOut));
    }

    private static <T> List<T> filter(List<T> items, Function<T, String> text, WordPools pools, WordPools.Pool pool) {
        List<T> out = new ArrayList<>();
        for (T item : items) {
            String t = text.apply(item);
            // a name made only of grammar words ("New") belongs to no side
            boolean hasOwnWord = Words.of(t).stream().anyMatch(w -> !pools.core().contains(w));
            if (hasOwnWord && pools.poolOf(t) == pool) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

}
