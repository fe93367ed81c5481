package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexiconTest {

    private final Lexicon lexicon = Lexicon.get();

    @Test
    void everyFileLoadsWithTheExpectedSize() {
        assertBetween(4000, 6000, lexicon.nouns().size(), "nouns");
        assertBetween(2000, 3500, lexicon.verbs().size(), "verbs");
        assertBetween(1500, 2500, lexicon.adjectives().size(), "adjectives");
        assertBetween(400, 800, lexicon.adverbs().size(), "adverbs");
        assertBetween(1000, 2000, lexicon.firstNames().size(), "first names");
        assertBetween(500, 1200, lexicon.surnames().size(), "surnames");
        assertBetween(1000, 2000, lexicon.cities().size(), "cities");
        assertBetween(150, 250, lexicon.countries().size(), "countries");
        assertBetween(100, 200, lexicon.currencies().size(), "currencies");
        assertBetween(2500, 4000, lexicon.glosses().size(), "gloss sentences");
    }

    @Test
    void theResourcesStayWellUnderAMegabyte() throws IOException {
        long bytes = 0;
        for (String name : List.of("nouns.tsv", "verbs.tsv", "adjectives.tsv", "adverbs.tsv", "first-names.txt",
                "surnames.txt", "cities.tsv", "countries.tsv", "currencies.tsv", "glosses.txt")) {
            bytes += size("lexicon/" + name);
        }
        for (String name : NaturalGrammar.FILES) {
            bytes += size(name);
        }
        assertTrue(bytes < 700_000, "lexicon and grammar take " + bytes + " bytes");
    }

    @Test
    void nounsCarryPluralsAndClasses() {
        assertEquals("children", lexicon.noun("child").plural());
        assertEquals("cities", lexicon.noun("city").plural());
        assertEquals("boxes", lexicon.noun("box").plural());
        assertEquals("knives", lexicon.noun("knife").plural());
        assertTrue(lexicon.noun("bicycle").tags().contains("goods"), lexicon.noun("bicycle").tags().toString());
        assertTrue(lexicon.noun("physics").tags().contains("discipline"));
        assertTrue(lexicon.nounsTagged("occupation").size() > 100);
        assertTrue(lexicon.nounsTagged("food").size() > 50);
    }

    @Test
    void verbsCarryRegularAndIrregularForms() {
        assertVerb("take", "takes", "took", "taken", "taking");
        assertVerb("begin", "begins", "began", "begun", "beginning");
        assertVerb("run", "runs", "ran", "run", "running");
        assertVerb("go", "goes", "went", "gone", "going");
        assertVerb("buy", "buys", "bought", "bought", "buying");
        assertVerb("beat", "beats", "beat", "beaten", "beating");
        assertVerb("tap", "taps", "tapped", "tapped", "tapping");
        assertVerb("visit", "visits", "visited", "visited", "visiting");
        assertVerb("cut", "cuts", "cut", "cut", "cutting");
        assertVerb("slide", "slides", "slid", "slid", "sliding");
        assertVerb("prove", "proves", "proved", "proven", "proving");
    }

    @Test
    void adjectivesKnowTheirKind() {
        assertTrue(lexicon.adjectivesOfKind("rel").stream().anyMatch(a -> a.lemma().equals("financial")));
        assertTrue(lexicon.adjectivesOfKind("size").stream().anyMatch(a -> a.lemma().equals("large")));
        assertTrue(lexicon.adjectivesOfKind("hue").stream().anyMatch(a -> a.lemma().equals("blue")));
    }

    @Test
    void namesAndPlacesHaveRealisticShapes() {
        assertTrue(lexicon.firstNames().contains("Maria") || lexicon.firstNames().contains("Anna"));
        assertTrue(lexicon.surnames().stream().anyMatch(s -> s.endsWith("son")), "patronymics");
        assertTrue(lexicon.surnames().stream().anyMatch(s -> s.startsWith("Mc") || s.startsWith("Mac")));
        assertTrue(lexicon.cities().stream().filter(c -> c.name().contains(" ")).count() > 100, "two-word cities");
        Map<String, Lexicon.Country> byName = new java.util.HashMap<>();
        lexicon.countries().forEach(c -> byName.put(c.name(), c));
        assertEquals("French", byName.get("France").adjective());
        assertEquals("Paris", byName.get("France").capital());
        assertNotNull(byName.get("Britain"), "everyday names for official ones");
        assertEquals("Euro", lexicon.currencies().get("EUR"));
        assertNull(lexicon.noun("Paris"), "proper nouns are not common nouns");
    }

    @Test
    void glossesAreSentences() {
        for (String sentence : lexicon.glosses()) {
            assertTrue(Character.isUpperCase(sentence.charAt(0)) && sentence.endsWith("."), sentence);
        }
        assertTrue(lexicon.glosses().contains("A bed is a piece of furniture that provides a place to sleep."));
    }

    private void assertVerb(String lemma, String... forms) {
        Lexicon.Verb v = lexicon.verb(lemma);
        assertNotNull(v, lemma);
        assertEquals(List.of(forms), List.of(v.third(), v.past(), v.participle(), v.ing()), lemma);
    }

    private static void assertBetween(int min, int max, int actual, String what) {
        assertTrue(actual >= min && actual <= max, what + ": " + actual + " not in [" + min + ", " + max + "]");
    }

    private static long size(String resource) throws IOException {
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes().length;
        }
    }
}
