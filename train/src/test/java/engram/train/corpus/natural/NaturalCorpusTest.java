package engram.train.corpus.natural;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NaturalCorpusTest {

    private static final int ITEMS = 2000;
    private static final List<NewsItem> TRAIN = new ArrayList<>();

    @BeforeAll
    static void generate() {
        NaturalCorpus corpus = new NaturalCorpus(11, NaturalSplit.TRAIN);
        for (int i = 0; i < ITEMS; i++) {
            TRAIN.add(corpus.nextItem());
        }
    }

    @Test
    void theSameSeedAndSplitGiveTheSameItems() {
        for (NaturalSplit split : NaturalSplit.values()) {
            NaturalCorpus a = new NaturalCorpus(7, split);
            NaturalCorpus b = new NaturalCorpus(7, split);
            for (int i = 0; i < 100; i++) {
                assertEquals(a.nextItem(), b.nextItem(), split + " item " + i);
            }
        }
        NaturalCorpus c = new NaturalCorpus(8, NaturalSplit.TRAIN);
        assertNotEquals(new NaturalCorpus(7, NaturalSplit.TRAIN).nextItem().text(), c.nextItem().text());
        assertEquals(TRAIN.get(0), new NaturalCorpus(11, NaturalSplit.TRAIN).nextItem(), "stable across corpora");
    }

    @Test
    void everyAnswerIsTheOnlyWholeOccurrenceOfItsValueInTheItem() {
        for (NewsItem item : TRAIN) {
            for (NaturalQuestion q : item.questions()) {
                assertEquals(q.answer(), q.answerSpan().of(item.text()), item.text());
                assertEquals(1, ItemWriter.occurrences(item.text(), q.answer()), q.answer() + " in " + item.text());
            }
            for (NewsItem.SlotValue s : item.slots()) {
                assertEquals(s.text(), s.span().of(item.text()));
            }
            // a value never contains another answer of its item ("3 June" would hide "13 June"'s answer)
            for (NaturalQuestion q : item.questions()) {
                for (NaturalQuestion other : item.questions()) {
                    assertTrue(other == q || ItemWriter.occurrences(other.answer().toLowerCase(Locale.ROOT),
                            q.answer().toLowerCase(Locale.ROOT)) == 0, q.answer() + " inside " + other.answer());
                }
            }
        }
    }

    @Test
    void noQuestionContainsItsAnswer() {
        for (NewsItem item : TRAIN) {
            for (NaturalQuestion q : item.questions()) {
                assertFalse(q.question().toLowerCase(Locale.ROOT).contains(q.answer().toLowerCase(Locale.ROOT)),
                        q.question() + " -> " + q.answer());
                assertTrue(q.prompt().startsWith("Question: ") && q.prompt().endsWith(" Answer:"));
                assertEquals(" " + q.answer(), q.target());
            }
        }
    }

    @Test
    void itemsAreOneToThreeSentencesWithSeveralQuestions() {
        int words = 0;
        int questions = 0;
        for (NewsItem item : TRAIN) {
            int n = item.text().split("\\s+").length;
            assertTrue(n >= 4 && n <= 90, item.text());
            words += n;
            questions += item.questions().size();
            assertFalse(item.questions().isEmpty());
        }
        assertTrue(words / (double) ITEMS > 25, "mean words " + words / (double) ITEMS);
        assertTrue(questions / (double) ITEMS > 3, "mean questions " + questions / (double) ITEMS);
    }

    @Test
    void everyRelationAndConversationsOccur() {
        Set<String> relations = new java.util.TreeSet<>();
        int conversations = 0;
        for (NewsItem item : TRAIN) {
            relations.add(item.relation());
            if (item.kind() == NewsItem.Kind.CONVERSATION) {
                conversations++;
                assertTrue(Pattern.compile("^[A-Z][\\p{L}'-]+: ").matcher(item.text()).find(), item.text());
            }
        }
        Set<String> all = new java.util.TreeSet<>();
        EnumSet.allOf(NewsRelation.class).forEach(r -> all.add(r.name()));
        assertEquals(all, relations);
        assertTrue(conversations > ITEMS / 10, conversations + " conversations");
        assertTrue(TRAIN.stream().anyMatch(i -> i.text().contains("\n")), "multi-turn conversations");
    }

    @Test
    void valuesHaveRealisticShapes() {
        assertShape("hyphenated surname", "PERSON", s -> s.matches("\\S+ [A-Z][a-z]+-[A-Z][a-z]+"));
        assertShape("hyphenated first name", "PERSON", s -> s.matches("[A-Z][a-z]+-[A-Z][a-z]+ .*"));
        assertShape("name particle", "PERSON", s -> s.matches(".* (van|de|von|del|da|di|le) .*"));
        assertShape("'The' company", "ORG", s -> s.startsWith("The "));
        assertShape("legal suffix", "ORG", s -> s.matches(".* (Inc\\.|Ltd|AG|plc|GmbH|SA|NV)"));
        assertShape("two-word place", "CITY", s -> s.contains(" "));
        assertShape("product with a number", "PRODUCT", s -> s.matches(".*\\d.*"));
        assertShape("date like 3 June", "DATE", s -> s.matches("\\d{1,2} [A-Z][a-z]+"));
        assertShape("date like June 3", "DATE", s -> s.matches("[A-Z][a-z]+ \\d{1,2}"));
        assertShape("amount like 1.7 billion", "MONEY", s -> s.matches(".*\\d\\.\\d+ billion.*"));
        assertShape("amount like $64 million", "MONEY", s -> s.matches("\\$\\d+ million"));
        assertShape("euro amount", "MONEY", s -> s.startsWith("€"));
        assertShape("amount in thousands", "MONEY", s -> s.matches(".*\\d{1,3},000.*"));
        assertShape("percentage", "PERCENT", s -> s.matches("\\d+(\\.\\d)? percent"));
        assertShape("score", "SCORE", s -> s.matches("\\d+-\\d+"));
        assertShape("ordinal rank", "RANK", s -> s.matches("(third|\\d+th)"));
        assertShape("weekday", "WEEKDAY", s -> Quantities.WEEKDAYS.contains(s));
    }

    private static void assertShape(String what, String kind, Predicate<String> shape) {
        for (NewsItem item : TRAIN) {
            for (NewsItem.SlotValue s : item.slots()) {
                if (s.kind().equals(kind) && shape.test(s.text())) {
                    return;
                }
            }
        }
        throw new AssertionError("no " + what + " among " + ITEMS + " items");
    }
}
