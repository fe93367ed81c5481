package engram.train.corpus.natural;

import engram.train.corpus.Document;
import engram.train.corpus.QuestionAnswer;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NaturalSamplesTest {

    @Test
    void anItemBecomesOneSamplePerQuestionInThePhrasebookRecords() {
        NewsItem item = new NaturalCorpus(5, NaturalSplit.TRAIN).nextItem(NewsRelation.APPOINT);
        Document document = NaturalSamples.document(item);
        assertEquals(item.text(), document.text());
        assertEquals(item.ruleIds(), document.templateIds());
        for (NewsItem.SlotValue s : item.slots()) {
            assertEquals(s.text(), document.slotText(s.slot()));
        }
        List<Sample> samples = NaturalSamples.samples(item);
        assertEquals(item.questions().size(), samples.size());
        for (int i = 0; i < samples.size(); i++) {
            NaturalQuestion q = item.questions().get(i);
            QuestionAnswer qa = samples.get(i).question();
            assertEquals(q.prompt(), qa.prompt());
            assertEquals(q.target(), qa.target());
            assertEquals(q.answer(), samples.get(i).context().slotText(qa.answerSlot()));
            assertEquals(NewsRelation.APPOINT.phrasebookRelation(), samples.get(i).fact().relation());
            assertEquals(Split.TRAIN, samples.get(i).split());
        }
    }

    @Test
    void splitsMapToThePhrasebookSplitOfTheSameMeaning() {
        assertEquals(Split.HELDOUT_NAMES, NaturalSamples.split(NaturalSplit.HELDOUT_NAMES));
        assertEquals(Split.HELDOUT_TEMPLATES, NaturalSamples.split(NaturalSplit.NATURAL_HELDOUT));
        NewsItem item = new NaturalCorpus(5, NaturalSplit.NATURAL_HELDOUT).nextItem();
        assertEquals(Split.HELDOUT_TEMPLATES, NaturalSamples.samples(item).get(0).split());
    }
}
