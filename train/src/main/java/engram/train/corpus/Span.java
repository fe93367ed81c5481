package engram.train.corpus;

/** A UTF-16 char range {@code [start, end)} of a text. */
public record Span(int start, int end) {

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    Span shift(int offset) {
        return new Span(start + offset, end + offset);
    }

    /** The covered part of {@code text}. */
    public String of(String text) {
        return text.substring(start, end);
    }
}
