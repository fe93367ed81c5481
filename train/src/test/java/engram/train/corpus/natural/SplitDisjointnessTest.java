package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitDisjointnessTest {

    private final NaturalGrammar g = NaturalGrammar.get();
    private final Set<String> heldOutRules = g.grammar.heldOutRuleIds();

    @Test
    void theHeldOutMaterialIsSubstantial() {
        assertTrue(heldOutRules.size() >= 100, heldOutRules.size() + " held-out alternatives");
        assertTrue(g.pools.heldOut().size() >= 1000, g.pools.heldOut().size() + " held-out words");
        assertTrue(g.pools.heldOut().contains("tapped"), "held-out synonyms of relation verbs");
        assertTrue(g.names.side(true).firstNames().size() > 150 && g.names.side(true).surnames().size() > 80);
        assertTrue(g.names.side(true).cities().size() > 150);
    }

    @Test
    void trainItemsNeverUseAHeldOutRuleWordOrQuestionForm() {
        NaturalCorpus corpus = new NaturalCorpus(21, NaturalSplit.TRAIN);
        for (int i = 0; i < 3000; i++) {
            NewsItem item = corpus.nextItem();
            for (String id : item.ruleIds()) {
                assertTrue(!heldOutRules.contains(id), id + " in " + item.text());
            }
            assertNoHeldOutWord(item.text());
            for (NaturalQuestion q : item.questions()) {
                assertTrue(!heldOutRules.contains(q.formId()), q.formId());
                assertNoHeldOutWord(q.question());
            }
        }
    }

    @Test
    void trainProseNeverSpellsAHeldOutWord() {
        ProseSource prose = new ProseSource(3, NaturalSplit.TRAIN);
        for (int i = 0; i < 1000; i++) {
            assertNoHeldOutWord(prose.nextParagraph());
        }
        NaturalTokenizerText.feed(4, 200, this::assertNoHeldOutWord);
    }

    @Test
    void heldOutNamesAreNeverTrainNamesAndKeepTheTrainingWording() {
        NaturalCorpus corpus = new NaturalCorpus(22, NaturalSplit.HELDOUT_NAMES);
        int names = 0;
        for (int i = 0; i < 1000; i++) {
            NewsItem item = corpus.nextItem();
            item.ruleIds().forEach(id -> assertTrue(!heldOutRules.contains(id), id));
            item.questions().forEach(q -> assertTrue(!heldOutRules.contains(q.formId()), q.formId()));
            for (NewsItem.SlotValue s : item.slots()) {
                if (s.kind().equals("PERSON") || s.kind().equals("CITY")) {
                    names++;
                    assertEquals(WordPools.Pool.HELD_OUT, g.pools.poolOf(s.text()), s.text());
                }
            }
        }
        assertTrue(names > 1000, names + " names checked");
    }

    @Test
    void naturalHeldOutItemsUseHeldOutMaterialAndOnlyHeldOutQuestionForms() {
        NaturalCorpus corpus = new NaturalCorpus(23, NaturalSplit.NATURAL_HELDOUT);
        int withHeldOutWords = 0;
        List<String> forms = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            NewsItem item = corpus.nextItem();
            boolean rule = item.ruleIds().stream().anyMatch(heldOutRules::contains);
            boolean word = !g.pools.isTrainText(item.text());
            assertTrue(rule || word, item.text());
            withHeldOutWords += word ? 1 : 0;
            for (NaturalQuestion q : item.questions()) {
                assertTrue(heldOutRules.contains(q.formId()), q.formId());
                forms.add(q.formId());
            }
        }
        assertTrue(withHeldOutWords > 900, withHeldOutWords + " of 1000 items spell a held-out word");
        assertTrue(new TreeSet<>(forms).size() > 100, new TreeSet<>(forms).size() + " held-out forms asked");
    }

    private void assertNoHeldOutWord(String text) {
        for (String w : Words.of(text)) {
            assertTrue(!g.pools.isHeldOut(w), "held-out word '" + w + "' in: " + text);
        }
    }
}
