package engram.train.corpus.natural;

import engram.train.corpus.Document;
import engram.train.corpus.Fact;
import engram.train.corpus.QuestionAnswer;
import engram.train.corpus.Sample;
import engram.train.corpus.Span;
import engram.train.corpus.Split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts natural items to the records the trainer and evals already use: an item's text and slot spans as a
 * {@link Document}, a question as a {@link QuestionAnswer} (same {@code "Question: <q> Answer:"} prompt and
 * {@code " <answer>"} target), and each question with its item as a {@link Sample}.
 *
 * <p>A {@code Sample} needs a phrasebook {@link Fact}: its relation is the nearest phrasebook relation
 * ({@link NewsRelation#phrasebookRelation()}, coarse) and its slots are the item's stated values; its split is the
 * phrasebook split of the same meaning (NATURAL_HELDOUT maps to HELDOUT_TEMPLATES: held-out wording and names).
 */
public final class NaturalSamples {

    private NaturalSamples() {
    }

    /** The item's text; slotSpans maps each stated slot to its span; templateIds are the grammar rules used. */
    public static Document document(NewsItem item) {
        Map<String, Span> spans = new LinkedHashMap<>();
        item.slots().forEach(s -> spans.put(s.slot(), s.span()));
        return new Document(item.text(), spans, item.ruleIds());
    }

    /** The question in the phrasebook's record; templateId is the question form's id. */
    public static QuestionAnswer questionAnswer(NaturalQuestion q) {
        return new QuestionAnswer(q.question(), q.answer(), q.slot(), q.formId());
    }

    /** One sample per question of the item, all sharing the item's document. */
    public static List<Sample> samples(NewsItem item) {
        Document document = document(item);
        Map<String, String> slots = new LinkedHashMap<>();
        item.slots().forEach(s -> slots.put(s.slot(), s.text()));
        Fact fact = new Fact(NewsRelation.valueOf(item.relation()).phrasebookRelation(), slots);
        List<Sample> out = new ArrayList<>();
        for (NaturalQuestion q : item.questions()) {
            out.add(new Sample(split(item.split()), fact, document, questionAnswer(q)));
        }
        return out;
    }

    /** The phrasebook split of the same meaning. */
    public static Split split(NaturalSplit split) {
        return switch (split) {
            case TRAIN -> Split.TRAIN;
            case HELDOUT_NAMES -> Split.HELDOUT_NAMES;
            case NATURAL_HELDOUT -> Split.HELDOUT_TEMPLATES;
        };
    }
}
