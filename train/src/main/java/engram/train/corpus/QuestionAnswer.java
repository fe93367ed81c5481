package engram.train.corpus;

/**
 * A question about a fact and its answer, which is the value of {@code answerSlot} and so a span of the fact's
 * {@link Document}. {@link #prompt()} and {@link #target()} give the format the model is trained and evaluated on.
 */
public record QuestionAnswer(String question, String answer, String answerSlot, String templateId) {

    /** "Question: &lt;question&gt; Answer:" — the model continues it with {@link #target()}. */
    public String prompt() {
        return "Question: " + question + " Answer:";
    }

    /** " &lt;answer&gt;": the answer with the space that follows "Answer:". */
    public String target() {
        return " " + answer;
    }
}
