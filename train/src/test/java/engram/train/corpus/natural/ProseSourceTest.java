package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProseSourceTest {

    @Test
    void mixesGrammarParagraphsWithWordNetSentencesReproducibly() {
        Set<String> glosses = new HashSet<>(Lexicon.get().glosses());
        ProseSource a = new ProseSource(9, NaturalSplit.TRAIN);
        ProseSource b = new ProseSource(9, NaturalSplit.TRAIN);
        int gloss = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            String paragraph = a.nextParagraph();
            assertEquals(paragraph, b.nextParagraph());
            String first = paragraph.split("(?<=\\.) ")[0];
            gloss += glosses.contains(first) ? 1 : 0;
        }
        assertTrue(gloss > n * ProseSource.GLOSS_SHARE * 0.7 && gloss < n * ProseSource.GLOSS_SHARE * 1.3,
                gloss + " gloss paragraphs of " + n);
    }

    @Test
    void heldOutProseIsItemsOnly() {
        Set<String> glosses = new HashSet<>(Lexicon.get().glosses());
        ProseSource prose = new ProseSource(9, NaturalSplit.NATURAL_HELDOUT);
        for (int i = 0; i < 100; i++) {
            assertTrue(!glosses.contains(prose.nextParagraph().split("(?<=\\.) ")[0]));
        }
    }

    @Test
    void tokenizerTextIsTrainItemsTheirQuestionsAndProse() {
        List<String> texts = new ArrayList<>();
        NaturalTokenizerText.feed(2, 20, texts::add);
        NewsItem first = new NaturalCorpus(2, NaturalSplit.TRAIN).nextItem();
        assertEquals(first.text(), texts.get(0));
        assertEquals(first.questions().get(0).prompt() + first.questions().get(0).target(), texts.get(1));
        List<String> again = new ArrayList<>();
        NaturalTokenizerText.feed(2, 20, again::add);
        assertEquals(texts, again);
    }
}
