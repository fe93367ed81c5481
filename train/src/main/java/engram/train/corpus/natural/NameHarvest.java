package engram.train.corpus.natural;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Proper names for {@link LexiconBuilder}: first names and surnames, cities with their country, countries with
 * their adjective and capital, currencies. Sources: miscfiles (propernames, cities.dat, countries, currency), the
 * people and places WordNet has as instances, and name-shaped entries of SCOWL's word list.
 */
final class NameHarvest {

    /** Words that open WordNet's names of people but are titles or epithets, not first names. */
    private static final Set<String> NOT_FIRST_NAMES = Set.of("Sir", "Saint", "President", "Dame", "Lady", "Lord",
            "King", "Queen", "Prince", "Princess", "Emperor", "Empress", "Baron", "Baroness", "Count", "Countess",
            "Duke", "Duchess", "Pope", "General", "Admiral", "Captain", "Blessed", "Virgin", "Bloody", "Little",
            "Holy", "Grim", "Calamity", "Capability", "Mother", "Father", "Brother", "Sister", "Uncle", "Aunt", "Big",
            "Old", "Great", "Viscount", "Viscountess", "Madame", "Le", "La", "Al", "El", "Van", "Von", "De", "Du",
            "Mahatma", "Marquis", "Marquise", "Chief", "Doctor", "Cardinal", "Mr", "Mrs", "Tsar", "Czar", "Baal",
            "Black", "White", "Red", "Jack", "Typhoid", "Mad", "Wild", "Buffalo", "Whistler", "Lucky", "Ayatollah",
            "Rabbi", "Kaiser", "Sultan", "Shah", "Imam", "Mullah", "Don", "Dom", "Fra", "Frater", "Abbe", "Bishop",
            "Adolf", "Kublai", "Genghis", "Attila", "Benito", "Iosif", "Caligula", "Nero");
    /** Endings that mark a capitalised word-list entry as a family name ("Stimson", "Lieberman", "Glazunov"). */
    private static final Pattern SURNAME_ENDING = Pattern.compile(".{2,}(son|sen|sson|ssen|ez|ski|sky|vich|ovic|"
            + "berg|stein|mann|man|ini|elli|etti|ucci|escu|oglu|yan|idis|opoulos|akis|strom|quist|gaard|wicz|czyk|"
            + "ley|ton|ford|well|wood|worth|field|ham)");
    /** miscfiles gives official names; news uses these. */
    private static final Map<String, String> EVERYDAY_NAMES = Map.ofEntries(
            Map.entry("United Kingdom of Great Britain and Northern Ireland", "Britain"),
            Map.entry("United States of America", "United States"), Map.entry("Russian Federation", "Russia"),
            Map.entry("Republic of Korea", "South Korea"), Map.entry("United Republic of Tanzania", "Tanzania"),
            Map.entry("Syrian Arab Republic", "Syria"), Map.entry("Lao People's Democratic Republic", "Laos"),
            Map.entry("Viet Nam", "Vietnam"), Map.entry("Brunei Darussalam", "Brunei"),
            Map.entry("Libyan Arab Jamahiriya", "Libya"), Map.entry("Republic of Moldova", "Moldova"));
    private static final Pattern NAME = Pattern.compile("[A-Z][a-z]+");
    private static final Pattern PLACE = Pattern.compile("[A-Z][a-z]+((-| | de | del | la | upon | on | am | sur )"
            + "[A-Z][a-z]+)*");
    private static final Set<String> CITY_KINDS = Set.of("city", "port", "town", "national_capital", "state_capital",
            "provincial_capital", "metropolis", "urban_center");

    private final WordNetFiles wordNet;
    private final Set<String> wordList;
    private final Path dictDir;
    private final Path miscDir;

    NameHarvest(WordNetFiles wordNet, Set<String> wordList, Path dictDir, Path miscDir) {
        this.wordNet = wordNet;
        this.wordList = wordList;
        this.dictDir = dictDir;
        this.miscDir = miscDir;
    }

    /**
     * First names: propernames, and words that open at least two of WordNet's names of people; less those WordNet
     * has more often as a surname ("Jacobson").
     */
    Set<String> firstNames() throws IOException {
        Map<String, Integer> first = new TreeMap<>();
        Map<String, Integer> last = new TreeMap<>();
        for (String[] person : people()) {
            first.merge(person[0], 1, Integer::sum);
            last.merge(person[person.length - 1], 1, Integer::sum);
        }
        Set<String> names = new TreeSet<>();
        for (String line : gzipLines(dictDir.resolve("propernames.gz"))) {
            String name = line.strip();
            // "Sanity", "Pilot": a common noun no famous person bears as a first name is not one here
            boolean noun = (!wordNet.senses(name.toLowerCase(), 'n').isEmpty()
                    || wordList.contains(name.toLowerCase())) && !first.containsKey(name);
            if (NAME.matcher(name).matches() && name.length() >= 3 && !isCommonWord(name) && !noun) {
                names.add(name);
            }
        }
        first.forEach((name, n) -> {
            if (n >= 2 && name.length() >= 3 && !NOT_FIRST_NAMES.contains(name) && !isCommonWord(name)) {
                names.add(name);
            }
        });
        names.removeIf(name -> last.getOrDefault(name, 0) > first.getOrDefault(name, 0));
        return names;
    }

    /**
     * Surnames: words that end at least two of WordNet's names of people (a name only one famous person bears,
     * "Gauguin", reads oddly on anyone else), and capitalised entries of the
     * word list that WordNet does not know and that end like a family name, and patronymics of first names that the
     * word list spells ("Peterson", "McDonald"); less first names and places.
     */
    Set<String> surnames(Set<String> firstNames, Set<String> placeWords) {
        Map<String, Integer> last = new TreeMap<>();
        for (String[] person : people()) {
            last.merge(person[person.length - 1], 1, Integer::sum);
        }
        Set<String> names = new TreeSet<>();
        last.forEach((name, n) -> {
            if (n >= 2 && !isCommonWord(name)
                    && !name.matches("[IVX]+|Jr|Sr")) {
                names.add(name);
            }
        });
        for (String word : wordList) {
            String lower = word.toLowerCase();
            if (NAME.matcher(word).matches() && SURNAME_ENDING.matcher(word).matches()
                    && wordNet.senses(lower, 'n').isEmpty() && wordNet.senses(lower, 'a').isEmpty()
                    && !firstNames.contains(word) && !word.matches(".*(woman|women|men)")
                    && !(word.matches(".*[iye]an") && wordList.contains(word.replaceFirst("(ian|an|n)$", "")))
                    && !placeWords.contains(word) && !wordList.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        // patronymics the word list spells: "Peterson", "Jacobsen", "Williams", "McDonald", "Fitzgerald"
        for (String first : firstNames) {
            for (String candidate : List.of(first + "son", first + "sen", "Mc" + first, "Mac" + first,
                    "Fitz" + first.toLowerCase())) {
                if (wordList.contains(candidate) && !firstNames.contains(candidate)
                        && wordNet.senses(candidate.toLowerCase(), 'n').isEmpty()) {
                    names.add(candidate);
                }
            }
        }
        names.removeAll(placeWords);
        return names;
    }

    /** City -> country ("" when unknown), from cities.dat and WordNet's cities, towns and ports. */
    Map<String, String> cities(Map<String, String[]> countryEntries) throws IOException {
        Set<String> countries = countryEntries.keySet();
        Map<String, String> byCode = new TreeMap<>();
        countryEntries.forEach((country, entry) -> byCode.put(entry[2], country));
        byCode.put("UK", byCode.get("GB"));
        Map<String, String> cities = new TreeMap<>();
        String name = null;
        boolean isCity = false;
        for (String line : gzipLines(miscDir.resolve("cities.dat.gz"))) {
            if (line.startsWith("Type")) {
                isCity = value(line).equals("City"); // not the islands, mountains and passes
            } else if (line.startsWith("Name") && isCity) {
                name = value(line);
            } else if (line.startsWith(" Country") && name != null) {
                String country = byCode.getOrDefault(value(line), "");
                if (PLACE.matcher(name).matches()) {
                    cities.put(name, country);
                }
                name = null;
            }
        }
        for (WordNetFiles.Synset s : wordNet.synsets('n')) {
            if (!s.supersense().equals("location") || !isInstanceOf(s, CITY_KINDS)) {
                continue;
            }
            String city = s.words().get(0).replace('_', ' ');
            boolean historical = s.definition().matches(".*\\b(ancient|biblical|Old Testament|Bible|ruins|"
                    + "mythology|former name)\\b.*");
            if (PLACE.matcher(city).matches() && !countries.contains(city) && !historical) {
                cities.putIfAbsent(city, countryIn(s.definition(), countries));
            }
        }
        return cities;
    }

    /**
     * Country -> {adjective ("French", or "" if WordNet has none), capital ("" if not a plain name), ISO code}: the
     * countries of miscfiles with a capital, by their everyday names.
     */
    Map<String, String[]> countries() throws IOException {
        Map<String, String[]> countries = new TreeMap<>();
        for (String line : gzipLines(miscDir.resolve("countries.gz"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":");
            String name = f.length < 4 ? "" : EVERYDAY_NAMES.getOrDefault(f[3], f[3]);
            String capital = f.length > 4 && PLACE.matcher(f[4]).matches() ? f[4]
                    : f.length > 4 && f[4].startsWith("Washington") ? "Washington" : "";
            if (PLACE.matcher(name).matches() && !capital.isEmpty() && !name.contains(" Islands")) {
                // "the Netherlands", "the United States", "the Czech Republic"
                boolean article = name.matches(".*(s|Republic|United .*|Kingdom|Emirates)") && !name.matches(
                        ".*(Belarus|Cyprus|Mauritius|Honduras|Barbados|Laos|Kiribati|Tuvalu|Marshall)$");
                countries.put(article ? "the " + name : name, new String[] {"", capital, f[1]});
            }
        }
        for (WordNetFiles.Synset adj : wordNet.synsets('a')) {
            for (WordNetFiles.Pointer p : adj.pointers()) {
                if (!p.symbol().equals("\\") || p.pos() != 'n') {
                    continue;
                }
                WordNetFiles.Synset noun = wordNet.synset('n', p.offset());
                String adjective = adj.words().get(0);
                for (String word : noun.words()) {
                    String[] entry = countries.get(word.replace('_', ' '));
                    if (entry == null) {
                        entry = countries.get("the " + word.replace('_', ' '));
                    }
                    if (entry != null && entry[0].isEmpty() && NAME.matcher(adjective).matches()) {
                        entry[0] = adjective;
                    }
                }
            }
        }
        return countries;
    }

    /** ISO code -> currency name. */
    Map<String, String> currencies() throws IOException {
        Map<String, String> currencies = new TreeMap<>();
        for (String line : gzipLines(miscDir.resolve("currency.gz"))) {
            String[] f = line.split(":");
            if (!line.startsWith("#") && f.length == 3 && f[0].matches("[A-Z]{3}")) {
                currencies.put(f[0], f[2].strip());
            }
        }
        return currencies;
    }

    /**
     * WordNet's people as words: "Albert_Einstein" -> {Albert, Einstein}; only names of capitalised words, and one
     * name per person (a synset lists several spellings of one person's name).
     */
    private List<String[]> people() {
        List<String[]> out = new ArrayList<>();
        for (WordNetFiles.Synset s : wordNet.synsets('n')) {
            if (!s.supersense().equals("person") || s.pointers().stream().noneMatch(p -> p.symbol().equals("@i"))) {
                continue;
            }
            for (String word : s.words()) {
                String[] parts = word.split("_");
                if (parts.length >= 2 && parts.length <= 3 && List.of(parts).stream()
                        .allMatch(x -> NAME.matcher(x).matches())) {
                    out.add(parts);
                    break;
                }
            }
        }
        return out;
    }

    private boolean isCommonWord(String name) {
        String lower = name.toLowerCase();
        return wordList.contains(lower) && wordNet.tagCount(lower, 'n') + wordNet.tagCount(lower, 'a')
                + wordNet.tagCount(lower, 'v') >= 5;
    }

    private boolean isInstanceOf(WordNetFiles.Synset s, Set<String> kinds) {
        for (WordNetFiles.Pointer p : s.pointers()) {
            if (p.symbol().equals("@i") && wordNet.synset('n', p.offset()).words().stream().anyMatch(kinds::contains)) {
                return true;
            }
        }
        return false;
    }

    private static String countryIn(String definition, Set<String> countries) {
        String best = "";
        int bestAt = Integer.MAX_VALUE;
        for (String country : countries) {
            int at = (" " + definition + " ").indexOf(" " + country + " ");
            if (at < 0) {
                at = (" " + definition).indexOf(" " + country + ";");
            }
            if (at >= 0 && (at < bestAt || at == bestAt && country.length() > best.length())) {
                best = country;
                bestAt = at;
            }
        }
        return best;
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    static List<String> gzipLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
