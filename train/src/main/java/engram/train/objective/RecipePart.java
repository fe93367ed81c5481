package engram.train.objective;

/** A named part of a training recipe: an {@link Objective} or a {@link ReadTransform}. */
public interface RecipePart {

    /** Its name: the key of its options in a training config. */
    String name();

    /** Its line in the model card: what it does, with the values of its options (markdown, one sentence or two). */
    String cardLine();
}
