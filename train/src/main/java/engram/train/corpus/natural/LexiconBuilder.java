package engram.train.corpus.natural;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Regenerates the lexicon resources of the natural corpus ({@code src/main/resources/engram/train/corpus/natural/
 * lexicon/}, described by the README there) from Debian packages. Only this tool needs them; the build, the tests
 * and the trainer read the committed files.
 * <pre>
 * apt-get install wamerican wamerican-large wordnet-base miscfiles
 * java -cp train/target/classes engram.train.corpus.natural.LexiconBuilder \
 *     train/src/main/resources/engram/train/corpus/natural/lexicon \
 *     [--wordnet /usr/share/wordnet] [--dict /usr/share/dict] [--misc /usr/share/misc]
 * </pre>
 * Output is sorted and depends only on the input files.
 */
public final class LexiconBuilder {

    /** Noun classes the grammar draws filler words from: a noun belongs if its most frequent sense is below one of
     *  these synsets ("lemma.sense"). */
    private static final Map<String, List<String>> NOUN_CLASSES = nounClasses();
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    /** SemCor tag counts a word needs to be kept: common words; lower for words of a class. */
    private static final int MIN_COUNT = 3;
    private static final int MIN_CLASS_COUNT = 1;
    private static final int MIN_VERB_COUNT = 2;
    private static final int MIN_GLOSS_COUNT = 6;
    private static final int GLOSS_BUDGET_CHARS = 150_000;

    private final WordNetFiles wordNet;
    private final Set<String> common;
    private final Set<String> known;
    private final Inflections inflections;
    private final NameHarvest names;

    LexiconBuilder(Path wordNetDir, Path dictDir, Path miscDir) throws IOException {
        this.wordNet = new WordNetFiles(wordNetDir);
        this.common = new HashSet<>(Files.readAllLines(dictDir.resolve("american-english"), StandardCharsets.UTF_8));
        this.known = new HashSet<>(Files.readAllLines(dictDir.resolve("american-english-large"),
                StandardCharsets.UTF_8));
        this.inflections = new Inflections(known, wordNet);
        this.names = new NameHarvest(wordNet, known, dictDir, miscDir);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LexiconBuilder OUT_DIR [--wordnet DIR] [--dict DIR] [--misc DIR]");
            System.exit(2);
        }
        Map<String, String> dirs = new LinkedHashMap<>(Map.of("--wordnet", "/usr/share/wordnet", "--dict",
                "/usr/share/dict", "--misc", "/usr/share/misc"));
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!dirs.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            dirs.put(args[i], args[i + 1]);
        }
        new LexiconBuilder(Path.of(dirs.get("--wordnet")), Path.of(dirs.get("--dict")), Path.of(dirs.get("--misc")))
                .write(Path.of(args[0]));
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out);
        Map<String, Set<String>> classes = nounClassMembers();
        List<String> nouns = new ArrayList<>();
        List<String> verbs = new ArrayList<>();
        List<String> adjectives = new ArrayList<>();
        List<String> adverbs = new ArrayList<>();
        for (String lemma : wordNet.lemmas('n')) {
            List<String> tags = new ArrayList<>();
            classes.forEach((tag, members) -> {
                if (members.contains(lemma)) {
                    tags.add(tag);
                }
            });
            int count = wordNet.tagCount(lemma, 'n');
            if (keep(lemma, count, tags.isEmpty() ? MIN_COUNT : MIN_CLASS_COUNT)) {
                String supersense = wordNet.synset('n', wordNet.senses(lemma, 'n').get(0)).supersense();
                tags.remove(supersense);
                tags.add(0, supersense);
                String plural = inflections.plural(lemma);
                nouns.add(lemma + "\t" + (plural == null ? "-" : plural) + "\t" + count + "\t" + String.join(",", tags));
            }
        }
        for (String lemma : wordNet.lemmas('v')) {
            int count = wordNet.tagCount(lemma, 'v');
            List<String> forms = keep(lemma, count, MIN_VERB_COUNT) ? inflections.verbForms(lemma) : null;
            if (forms != null) {
                verbs.add(lemma + "\t" + String.join("\t", forms) + "\t" + count + "\t"
                        + wordNet.synset('v', wordNet.senses(lemma, 'v').get(0)).supersense());
            }
        }
        for (String lemma : wordNet.lemmas('a')) {
            int count = wordNet.tagCount(lemma, 'a');
            if (keep(lemma, count, MIN_COUNT)) {
                adjectives.add(lemma + "\t" + count + "\t" + adjectiveTag(lemma));
            }
        }
        for (String lemma : wordNet.lemmas('r')) {
            int count = wordNet.tagCount(lemma, 'r');
            if (keep(lemma, count, MIN_COUNT)) {
                adverbs.add(lemma + "\t" + count);
            }
        }
        write(out, "nouns.tsv", "lemma, plural (- none), SemCor count, supersense and classes", nouns);
        write(out, "verbs.tsv", "lemma, 3rd person, past, participle, -ing, SemCor count, supersense", verbs);
        write(out, "adjectives.tsv", "lemma, SemCor count, kind (rel: relational; attribute noun; ppl)", adjectives);
        write(out, "adverbs.tsv", "lemma, SemCor count", adverbs);

        Map<String, String[]> countries = names.countries();
        Map<String, String> cities = names.cities(countries);
        Set<String> firstNames = names.firstNames();
        Set<String> placeWords = new TreeSet<>();
        cities.keySet().forEach(c -> placeWords.addAll(List.of(c.split("[ -]"))));
        countries.keySet().forEach(c -> placeWords.addAll(List.of(c.split("[ -]"))));
        Set<String> surnames = names.surnames(firstNames, placeWords);
        write(out, "first-names.txt", "first name", new ArrayList<>(firstNames));
        write(out, "surnames.txt", "surname", new ArrayList<>(surnames));
        List<String> cityLines = new ArrayList<>();
        cities.forEach((city, country) -> cityLines.add(city + "\t" + country));
        write(out, "cities.tsv", "city, country (empty if unknown)", cityLines);
        List<String> countryLines = new ArrayList<>();
        countries.forEach((country, e) -> countryLines.add(country + "\t" + e[0] + "\t" + e[1]));
        write(out, "countries.tsv", "country, adjective (empty if unknown), capital", countryLines);
        List<String> currencyLines = new ArrayList<>();
        names.currencies().forEach((code, name) -> currencyLines.add(code + "\t" + name));
        write(out, "currencies.tsv", "ISO code, name", currencyLines);
        write(out, "glosses.txt", "one sentence per line, from WordNet definitions and examples", glosses(nouns,
                verbs, adjectives));
    }

    private boolean keep(String lemma, int count, int minCount) {
        return WORD.matcher(lemma).matches() && lemma.length() > 1 && common.contains(lemma) && count >= minCount;
    }

    private Map<String, Set<String>> nounClassMembers() {
        Map<String, Set<String>> members = new TreeMap<>();
        NOUN_CLASSES.forEach((tag, anchors) -> {
            Set<Long> below = new HashSet<>();
            for (String anchor : anchors) {
                int dot = anchor.lastIndexOf('.');
                List<Long> senses = wordNet.senses(anchor.substring(0, dot), 'n');
                below.addAll(wordNet.nounClosure(senses.get(Integer.parseInt(anchor.substring(dot + 1)) - 1)));
            }
            Set<String> words = new TreeSet<>();
            for (String lemma : wordNet.lemmas('n')) {
                List<Long> senses = wordNet.senses(lemma, 'n');
                if (!senses.isEmpty() && below.contains(senses.get(0))) {
                    words.add(lemma);
                }
            }
            members.put(tag, words);
        });
        return members;
    }

    /** "rel" for a relational adjective ("financial"), else the attribute its head synset measures ("size"). */
    private String adjectiveTag(String lemma) {
        WordNetFiles.Synset s = wordNet.synset('a', wordNet.senses(lemma, 'a').get(0));
        if (s.lexFile() == 1) {
            return "rel";
        }
        for (int hop = 0; hop < 2; hop++) {
            for (WordNetFiles.Pointer p : s.pointers()) {
                if (p.symbol().equals("=") && p.pos() == 'n') {
                    return wordNet.synset('n', p.offset()).words().get(0);
                }
            }
            WordNetFiles.Synset head = null;
            for (WordNetFiles.Pointer p : s.pointers()) {
                if (p.symbol().equals("&") && head == null) {
                    head = wordNet.synset('a', p.offset());
                }
            }
            if (head == null) {
                break;
            }
            s = head;
        }
        return s.lexFile() == 44 ? "ppl" : "-";
    }

    /**
     * Definitions and examples of the commonest senses as plain sentences ("A lamp is an artificial source of
     * visible illumination."), most frequent words first until the budget is spent, then sorted.
     */
    private List<String> glosses(List<String> nouns, List<String> verbs, List<String> adjectives) {
        record Entry(char pos, String lemma, int count, String plural) {
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : nouns) {
            String[] f = line.split("\t");
            entries.add(new Entry('n', f[0], Integer.parseInt(f[2]), f[1]));
        }
        for (String line : verbs) {
            String[] f = line.split("\t");
            entries.add(new Entry('v', f[0], Integer.parseInt(f[5]), null));
        }
        for (String line : adjectives) {
            String[] f = line.split("\t");
            entries.add(new Entry('a', f[0], Integer.parseInt(f[1]), null));
        }
        entries.removeIf(e -> e.count() < MIN_GLOSS_COUNT);
        entries.sort(Comparator.comparingInt(Entry::count).reversed().thenComparing(Entry::lemma)
                .thenComparing(Entry::pos));
        Set<String> sentences = new TreeSet<>();
        int chars = 0;
        for (Entry e : entries) {
            WordNetFiles.Synset s = wordNet.synset(e.pos(), wordNet.senses(e.lemma(), e.pos()).get(0));
            List<String> made = new ArrayList<>();
            String definition = s.definition().replaceAll("^\\([^)]*\\) ", "");
            if (definition.matches("[a-z][a-z ,'-]+") && definition.split(" ").length >= 3) {
                made.add(switch (e.pos()) {
                    case 'n' -> e.plural().equals("-") ? capitalise(e.lemma()) + " is " + definition + "."
                            : capitalise(article(e.lemma())) + " " + e.lemma() + " is " + definition + ".";
                    case 'v' -> "To " + e.lemma() + " is to " + definition + ".";
                    default -> capitalise(e.lemma()) + " means " + definition + ".";
                });
            }
            for (String example : s.examples()) {
                if (example.matches("[A-Za-z][A-Za-z ,;'-]+") && example.split(" ").length >= 4) {
                    made.add(capitalise(example) + ".");
                }
            }
            for (String sentence : made) {
                if (chars < GLOSS_BUDGET_CHARS && sentences.add(sentence)) {
                    chars += sentence.length() + 1;
                }
            }
        }
        return new ArrayList<>(sentences);
    }

    private static String article(String word) {
        return word.matches("[aeiou].*") ? "an" : "a";
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void write(Path dir, String name, String columns, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(columns).append(" (generated by LexiconBuilder)\n");
        lines.forEach(l -> text.append(l).append('\n'));
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        System.out.printf("%-16s %6d lines %8d bytes%n", name, lines.size(), text.length());
    }

    private static Map<String, List<String>> nounClasses() {
        Map<String, List<String>> classes = new TreeMap<>();
        classes.put("goods", List.of("vehicle.1", "clothing.1", "furniture.1", "footwear.1", "toy.1",
                "musical_instrument.1", "home_appliance.1", "consumer_goods.1", "electronic_equipment.1",
                "kitchen_utensil.1", "jewelry.1", "lamp.1", "camera.1", "computer.1", "tool.1"));
        classes.put("food", List.of("food.2", "dish.2", "edible_fruit.1", "vegetable.1", "baked_goods.1",
                "dairy_product.1"));
        classes.put("drink", List.of("beverage.1"));
        classes.put("material", List.of("material.1", "metal.1", "fabric.1", "fuel.1", "building_material.1",
                "plastic.1"));
        classes.put("occupation", List.of("professional.1", "worker.1", "skilled_worker.1", "expert.1"));
        classes.put("discipline", List.of("science.1", "natural_science.1", "social_science.1", "architecture.1"));
        classes.put("genre", List.of("genre.1", "musical_genre.1"));
        classes.put("feeling", List.of("feeling.1"));
        classes.put("nature", List.of("geological_formation.1", "body_of_water.1", "tree.1", "flower.1"));
        classes.put("animal", List.of("animal.1"));
        classes.put("building", List.of("building.1", "facility.1"));
        classes.put("sport", List.of("sport.1"));
        return classes;
    }
}
