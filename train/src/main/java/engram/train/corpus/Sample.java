package engram.train.corpus;

/** A fact, the document that states it and one question about it, drawn from one split. */
public record Sample(Split split, Fact fact, Document context, QuestionAnswer question) {
}
