package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.List;

/**
 * One generated item: a news report of one to three sentences or a short conversation ("Name: text" turns on
 * separate lines), the slot values it states with their spans, questions about them, and the grammar rules used.
 *
 * @param relation the kind of fact ({@link NewsRelation} name)
 * @param slots    every value the text states, in text order; each answer is one of them
 * @param ruleIds  the grammar alternatives expanded, in order ("APPOINT_LEAD.passive", ...)
 */
public record NewsItem(NaturalSplit split, String relation, Kind kind, String text, List<SlotValue> slots,
                       List<NaturalQuestion> questions, List<String> ruleIds) {

    public enum Kind { NEWS, CONVERSATION }

    /** A stated value: its slot name ("person", "start_date"), its kind ("PERSON", "DATE"), its text and span. */
    public record SlotValue(String slot, String kind, String text, Span span) {
    }

    public NewsItem {
        slots = List.copyOf(slots);
        questions = List.copyOf(questions);
        ruleIds = List.copyOf(ruleIds);
    }
}
