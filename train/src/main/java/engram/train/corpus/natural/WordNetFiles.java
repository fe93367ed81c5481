package engram.train.corpus.natural;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parts of a WordNet 3.0 database (Debian's {@code wordnet-base}, /usr/share/wordnet) that {@link LexiconBuilder}
 * reads: synsets with their lexicographer file, words, pointers and gloss ({@code data.*}); each lemma's senses in
 * frequency order ({@code index.*}); SemCor tag counts per lemma ({@code cntlist.rev}); irregular inflections
 * ({@code *.exc}). Formats: wndb(5WN), senseidx(5WN), cntlist(5WN).
 */
final class WordNetFiles {

    /** Lexicographer file names by number (lexnames(5WN)); the part after the dot is a noun's or verb's supersense. */
    static final List<String> LEXNAMES = List.of("adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act",
            "noun.animal", "noun.artifact", "noun.attribute", "noun.body", "noun.cognition", "noun.communication",
            "noun.event", "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
            "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity",
            "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
            "verb.cognition", "verb.communication", "verb.competition", "verb.consumption", "verb.contact",
            "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social",
            "verb.stative", "verb.weather", "adj.ppl");

    /** One pointer: its symbol ("@" hypernym, "@i" instance of, "=" attribute, "\" pertainym, "&" similar to...). */
    record Pointer(String symbol, char pos, long offset) {
    }

    /** One synset of one part of speech ('n', 'v', 'a' incl. satellites, 'r'). */
    record Synset(char pos, long offset, int lexFile, List<String> words, List<Pointer> pointers, String gloss) {

        String supersense() {
            String name = LEXNAMES.get(lexFile);
            return name.substring(name.indexOf('.') + 1);
        }

        /** The definition, without the quoted example sentences that follow it. */
        String definition() {
            int quote = gloss.indexOf("; \"");
            String d = quote >= 0 ? gloss.substring(0, quote) : gloss;
            return d.strip();
        }

        /** The example sentences of the gloss, without their quotes. */
        List<String> examples() {
            List<String> out = new ArrayList<>();
            int at = 0;
            while ((at = gloss.indexOf('"', at)) >= 0) {
                int end = gloss.indexOf('"', at + 1);
                if (end < 0) {
                    break;
                }
                out.add(gloss.substring(at + 1, end));
                at = end + 1;
            }
            return out;
        }
    }

    private final Map<Character, Map<Long, Synset>> synsets = new HashMap<>();
    /** lemma -> synset offsets in sense order (most frequent first), per part of speech. */
    private final Map<Character, Map<String, List<Long>>> senses = new HashMap<>();
    /** "lemma/pos" -> summed SemCor tag count. */
    private final Map<String, Integer> tagCounts = new HashMap<>();
    /** pos -> inflected form -> base forms (noun.exc, verb.exc, adj.exc). */
    private final Map<Character, Map<String, List<String>>> exceptions = new HashMap<>();
    /** pos -> base form -> its irregular inflected forms, sorted. */
    private final Map<Character, Map<String, List<String>>> irregular = new HashMap<>();
    private final Map<Long, List<Long>> nounHyponyms = new HashMap<>();

    WordNetFiles(Path dir) throws IOException {
        String[] names = {"noun", "verb", "adj", "adv"};
        char[] parts = {'n', 'v', 'a', 'r'};
        for (int i = 0; i < names.length; i++) {
            readData(dir.resolve("data." + names[i]), parts[i]);
            readIndex(dir.resolve("index." + names[i]), parts[i]);
        }
        readCounts(dir.resolve("cntlist.rev"));
        for (String name : new String[] {"noun", "verb", "adj"}) {
            readExceptions(dir.resolve(name + ".exc"), name.charAt(0));
        }
        for (Synset s : synsets.get('n').values()) {
            for (Pointer p : s.pointers()) {
                if ((p.symbol().equals("@") || p.symbol().equals("@i")) && p.pos() == 'n') {
                    nounHyponyms.computeIfAbsent(p.offset(), o -> new ArrayList<>()).add(s.offset());
                }
            }
        }
    }

    Synset synset(char pos, long offset) {
        return synsets.get(pos).get(offset);
    }

    /** All synsets of a part of speech, in offset order. */
    List<Synset> synsets(char pos) {
        return new ArrayList<>(new TreeMap<>(synsets.get(pos)).values());
    }

    /** Lemmas of a part of speech, sorted. */
    List<String> lemmas(char pos) {
        List<String> out = new ArrayList<>(senses.get(pos).keySet());
        Collections.sort(out);
        return out;
    }

    /** The synset offsets of a lemma, most frequent sense first; empty when WordNet lacks it. */
    List<Long> senses(String lemma, char pos) {
        return senses.get(pos).getOrDefault(lemma, List.of());
    }

    /** SemCor occurrences of a lemma in any sense (0 when never tagged). */
    int tagCount(String lemma, char pos) {
        return tagCounts.getOrDefault(lemma + "/" + pos, 0);
    }

    /** Base forms an inflected form is listed under in pos.exc. */
    List<String> basesOf(String form, char pos) {
        return exceptions.get(pos).getOrDefault(form, List.of());
    }

    /** Inflected forms listed for a base form in pos.exc, in file order. */
    List<String> irregularForms(String base, char pos) {
        return irregular.get(pos).getOrDefault(base, List.of());
    }

    /** The noun synset and everything below it through hypernym and instance links. */
    Set<Long> nounClosure(long root) {
        Set<Long> out = new HashSet<>();
        List<Long> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            long o = stack.remove(stack.size() - 1);
            if (out.add(o)) {
                stack.addAll(nounHyponyms.getOrDefault(o, List.of()));
            }
        }
        return out;
    }

    private void readData(Path file, char pos) throws IOException {
        Map<Long, Synset> byOffset = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("  ")) {
                    continue; // licence header
                }
                int bar = line.indexOf(" | ");
                String gloss = bar >= 0 ? line.substring(bar + 3).strip() : "";
                String[] f = (bar >= 0 ? line.substring(0, bar) : line).split(" ");
                long offset = Long.parseLong(f[0]);
                int lexFile = Integer.parseInt(f[1]);
                int wordCount = Integer.parseInt(f[3], 16);
                List<String> words = new ArrayList<>();
                for (int i = 0; i < wordCount; i++) {
                    words.add(f[4 + 2 * i].replaceAll("\\(.*\\)$", ""));
                }
                int at = 4 + 2 * wordCount;
                int pointerCount = Integer.parseInt(f[at++]);
                List<Pointer> pointers = new ArrayList<>();
                for (int i = 0; i < pointerCount; i++, at += 4) {
                    pointers.add(new Pointer(f[at], f[at + 2].charAt(0) == 's' ? 'a' : f[at + 2].charAt(0),
                            Long.parseLong(f[at + 1])));
                }
                byOffset.put(offset, new Synset(pos, offset, lexFile, List.copyOf(words), List.copyOf(pointers),
                        gloss));
            }
        }
        synsets.put(pos, byOffset);
    }

    private void readIndex(Path file, char pos) throws IOException {
        Map<String, List<Long>> byLemma = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("  ")) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                int synsetCount = Integer.parseInt(f[2]);
                List<Long> offsets = new ArrayList<>();
                for (int i = f.length - synsetCount; i < f.length; i++) {
                    offsets.add(Long.parseLong(f[i]));
                }
                byLemma.put(f[0], List.copyOf(offsets));
            }
        }
        senses.put(pos, byLemma);
    }

    private void readCounts(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                int percent = f[0].indexOf('%');
                String lemma = f[0].substring(0, percent);
                char pos = switch (f[0].charAt(percent + 1)) {
                    case '1' -> 'n';
                    case '2' -> 'v';
                    case '3', '5' -> 'a';
                    default -> 'r';
                };
                tagCounts.merge(lemma + "/" + pos, Integer.parseInt(f[2]), Integer::sum);
            }
        }
    }

    private void readExceptions(Path file, char pos) throws IOException {
        Map<String, List<String>> byForm = new HashMap<>();
        Map<String, List<String>> byBase = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String[] f = line.strip().split(" ");
            if (f.length >= 2) {
                byForm.put(f[0], List.of(f).subList(1, f.length));
                for (int i = 1; i < f.length; i++) {
                    byBase.computeIfAbsent(f[i], b -> new ArrayList<>()).add(f[0]);
                }
            }
        }
        byBase.values().forEach(Collections::sort);
        exceptions.put(pos, byForm);
        irregular.put(pos, byBase);
    }
}
