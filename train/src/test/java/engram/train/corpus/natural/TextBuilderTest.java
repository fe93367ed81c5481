package engram.train.corpus.natural;

import engram.train.corpus.Span;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextBuilderTest {

    private static String write(String... tokens) {
        TextBuilder out = new TextBuilder();
        for (String t : tokens) {
            out.append(t);
        }
        return out.text();
    }

    @Test
    void spacesWordsButNotPunctuationAndCapitalisesSentences() {
        assertEquals("Apex, the chipmaker, said so. It agreed.",
                write("Apex", ",", "the", "chipmaker", ",", "said", "so", ".", "it", "agreed", "."));
        assertEquals("“We are ready,” she said.", write("“", "we", "are", "ready", ",", "”", "she", "said", "."));
        assertEquals("A Lyon-based firm.", write("a", "Lyon", "-based", "firm", "."));
    }

    @Test
    void collapsesDoubledPunctuationAndEndsSentencesAfterAbbreviations() {
        assertEquals("It bought Apex Inc. Shares rose.", write("it", "bought", "Apex Inc.", ".", "shares", "rose",
                "."));
        assertEquals("It bought Apex, a rival.", write("it", "bought", "Apex", ",", "a", "rival", ",", "."));
    }

    @Test
    void choosesTheArticleBySound() {
        assertEquals("An 8 percent stake, an MBA, a US bank, an hour, a university, an €80 million deal, a 1.7 billion"
                + " bid.", write("a", "8 percent", "stake", ",", "a", "MBA", ",", "a", "US", "bank", ",", "a", "hour",
                ",", "a", "university", ",", "a", "€80 million", "deal", ",", "a", "1.7 billion", "bid", "."));
        assertTrue(Articles.wantsAn("11-year"));
        assertFalse(Articles.wantsAn("110"));
        assertFalse(Articles.wantsAn("one-year"));
    }

    @Test
    void possessiveOfANameInSTakesAnApostropheOnly() {
        assertEquals("Apex Motors' shares and Keller's.", write("Apex Motors", "'s", "shares", "and", "Keller", "'s",
                "."));
    }

    @Test
    void turnsStartOnNewLinesWithACapital() {
        assertEquals("Ana: Did you see?\nBen: yes.", write("Ana", ":", "^", "did", "you", "see", "?",
                TextBuilder.NEW_LINE, "Ben", ":", "_", "yes", "."));
    }

    @Test
    void recordsTheSpanOfEachToken() {
        TextBuilder out = new TextBuilder();
        out.append("it");
        out.append("paid");
        Span span = out.append("$1.7 billion");
        assertEquals("$1.7 billion", span.of(out.text()));
    }
}
