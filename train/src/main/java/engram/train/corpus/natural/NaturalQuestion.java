package engram.train.corpus.natural;

import engram.train.corpus.Span;

/**
 * A question about one stated slot of a {@link NewsItem}; the answer is the slot's text as written in the item, at
 * {@code answerSpan}. {@code formId} names the question form ("Q.APPOINT.person.did").
 */
public record NaturalQuestion(String question, String answer, String slot, Span answerSpan, String formId) {

    /** "Question: &lt;question&gt; Answer:", as the model sees it (same as the phrasebook's QuestionAnswer). */
    public String prompt() {
        return "Question: " + question + " Answer:";
    }

    /** " &lt;answer&gt;". */
    public String target() {
        return " " + answer;
    }
}
