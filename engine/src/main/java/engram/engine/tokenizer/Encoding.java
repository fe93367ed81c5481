package engram.engine.tokenizer;

import java.util.Objects;

/**
 * Token ids of a text with, per token, the UTF-16 char range {@code [charStart, charEnd)} of the input it came
 * from — so {@code text.substring(charStart[i], charEnd[i])} is what token i covers. With byte-level BPE several
 * tokens can share one range when they split a single character's UTF-8 bytes (e.g. an emoji).
 */
public record Encoding(int[] ids, int[] charStart, int[] charEnd) {

    public Encoding {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(charStart, "charStart");
        Objects.requireNonNull(charEnd, "charEnd");
        if (charStart.length != ids.length || charEnd.length != ids.length) {
            throw new IllegalArgumentException("ids, charStart and charEnd must have one entry per token: "
                    + ids.length + ", " + charStart.length + ", " + charEnd.length);
        }
        ids = ids.clone();
        charStart = charStart.clone();
        charEnd = charEnd.clone();
    }

    /** Number of tokens. */
    public int size() {
        return ids.length;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] charStart() {
        return charStart.clone();
    }

    @Override
    public int[] charEnd() {
        return charEnd.clone();
    }
}
