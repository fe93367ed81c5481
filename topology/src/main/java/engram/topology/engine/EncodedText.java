package engram.topology.engine;

import java.util.Objects;

/**
 * Token ids of a text with, per token, the UTF-16 char range {@code [charStart, charEnd)} of the text it came from.
 * With byte-level BPE several tokens can share one range when they split one character's UTF-8 bytes (an emoji).
 */
public record EncodedText(int[] ids, int[] charStart, int[] charEnd) {

    public EncodedText {
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
