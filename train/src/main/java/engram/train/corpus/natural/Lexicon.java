package engram.train.corpus.natural;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The real English vocabulary of the natural corpus, read from the resources {@link LexiconBuilder} derived from
 * WordNet, SCOWL and miscfiles (lexicon/README.md there says what each file holds and where it comes from). Loaded
 * once; immutable.
 */
public final class Lexicon {

    /** A noun, its plural (null when it has none: mass nouns), SemCor count, supersense and classes. */
    public record Noun(String lemma, String plural, int count, List<String> tags) {
    }

    /** A verb and its forms. */
    public record Verb(String lemma, String third, String past, String participle, String ing, int count,
                       String supersense) {
    }

    /** An adjective and its kind: "rel" (relational: "financial"), the attribute it measures ("size"), or "-". */
    public record Adjective(String lemma, int count, String kind) {
    }

    public record City(String name, String country) {
    }

    public record Country(String name, String adjective, String capital) {
    }

    private static final String DIR = "lexicon/";

    private final List<Noun> nouns;
    private final List<Verb> verbs;
    private final List<Adjective> adjectives;
    private final List<String> adverbs;
    private final List<String> firstNames;
    private final List<String> surnames;
    private final List<City> cities;
    private final List<Country> countries;
    private final Map<String, String> currencies;
    private final List<String> glosses;
    private final Map<String, Noun> nounByLemma = new LinkedHashMap<>();
    private final Map<String, Verb> verbByLemma = new LinkedHashMap<>();

    private Lexicon() {
        nouns = read("nouns.tsv", f -> new Noun(f[0], f[1].equals("-") ? null : f[1], Integer.parseInt(f[2]),
                List.of(f[3].split(","))));
        verbs = read("verbs.tsv", f -> new Verb(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), f[6]));
        adjectives = read("adjectives.tsv", f -> new Adjective(f[0], Integer.parseInt(f[1]), f[2]));
        adverbs = read("adverbs.tsv", f -> f[0]);
        firstNames = read("first-names.txt", f -> f[0]);
        surnames = read("surnames.txt", f -> f[0]);
        cities = read("cities.tsv", f -> new City(f[0], f.length > 1 ? f[1] : ""));
        countries = read("countries.tsv", f -> new Country(f[0], f[1], f[2]));
        Map<String, String> byCode = new LinkedHashMap<>();
        read("currencies.tsv", f -> f).forEach(f -> byCode.put(f[0], f[1]));
        currencies = Collections.unmodifiableMap(byCode);
        glosses = read("glosses.txt", f -> f[0]);
        nouns.forEach(n -> nounByLemma.put(n.lemma(), n));
        verbs.forEach(v -> verbByLemma.put(v.lemma(), v));
    }

    private static final class Holder {
        static final Lexicon INSTANCE = new Lexicon();
    }

    /** The lexicon, loaded on first use. */
    public static Lexicon get() {
        return Holder.INSTANCE;
    }

    public List<Noun> nouns() {
        return nouns;
    }

    public List<Verb> verbs() {
        return verbs;
    }

    public List<Adjective> adjectives() {
        return adjectives;
    }

    public List<String> adverbs() {
        return adverbs;
    }

    public List<String> firstNames() {
        return firstNames;
    }

    public List<String> surnames() {
        return surnames;
    }

    public List<City> cities() {
        return cities;
    }

    public List<Country> countries() {
        return countries;
    }

    /** ISO code -> name. */
    public Map<String, String> currencies() {
        return currencies;
    }

    /** WordNet definitions and examples as plain sentences. */
    public List<String> glosses() {
        return glosses;
    }

    public Noun noun(String lemma) {
        return nounByLemma.get(lemma);
    }

    public Verb verb(String lemma) {
        return verbByLemma.get(lemma);
    }

    /** Nouns with a class or supersense tag, in file order. */
    public List<Noun> nounsTagged(String tag) {
        return nouns.stream().filter(n -> n.tags().contains(tag)).toList();
    }

    /** Adjectives of a kind, in file order. */
    public List<Adjective> adjectivesOfKind(String kind) {
        return adjectives.stream().filter(a -> a.kind().equals(kind)).toList();
    }

    /** Every form of a verb: base, 3rd person, past, participle, -ing. */
    static List<String> forms(Verb v) {
        return List.of(v.lemma(), v.third(), v.past(), v.participle(), v.ing());
    }

    private static <T> List<T> read(String name, Function<String[], T> parse) {
        try (InputStream in = Lexicon.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing lexicon resource " + DIR + name);
            }
            List<T> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(parse.apply(line.split("\t", -1)));
                }
            }
            return Collections.unmodifiableList(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + name, e);
        }
    }
}
