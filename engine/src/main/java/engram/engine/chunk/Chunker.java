package engram.engine.chunk;

import engram.engine.tokenizer.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Cuts a text into chunks of at most {@code maxTokens} model tokens, at the best boundary the window allows.
 *
 * <p>Rules (the service uses them: topology/README.md, "Chunking rules"):
 * <ul>
 *   <li>Nothing is dropped or changed: concatenating the chunk texts gives back the input exactly, whitespace
 *       included.</li>
 *   <li>Cuts fall between characters, never inside a surrogate pair, so no UTF-8 character is ever split.</li>
 *   <li>Preferred cut, in order: after a paragraph break (a whitespace run with a blank line), after a line break,
 *       after a sentence end ({@code . ! ?}, optionally followed by closing quotes or brackets, cut before the
 *       following space), before a space between words, then any token boundary. A kind of boundary is used only
 *       if it keeps at least half the window, so a paragraph break near the start does not make a tiny chunk.</li>
 *   <li>Each chunk's token ids are its own text encoded on its own (not a slice of the whole text's encoding),
 *       so that replaying an update never depends on the text around it. If that encoding is longer than the
 *       limit (BPE can merge differently at a cut), the cut moves left until it fits.</li>
 *   <li>No short tail: when what remains after a full chunk would be shorter than {@code minTokens}, the cut
 *       moves left so the last chunk gets at least {@code minTokens} (texts that are short as a whole stay one
 *       short chunk; the apply flow applies it with a warning).</li>
 * </ul>
 */
public final class Chunker {

    private enum Boundary { PARAGRAPH, LINE, SENTENCE, WORD }

    private final Function<String, Encoding> encoder;
    private final int maxTokens;
    private final int minTokens;

    /**
     * @param encoder the model's tokenizer: ids and UTF-16 char offsets, no special tokens
     * @param maxTokens most tokens per chunk (at least 2)
     * @param minTokens fewest tokens the model is trained on per update (the tail rule aims for it)
     */
    public Chunker(Function<String, Encoding> encoder, int maxTokens, int minTokens) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be >= 2, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.minTokens = Math.max(0, Math.min(minTokens, maxTokens / 2));
    }

    public int maxTokens() {
        return maxTokens;
    }

    public List<Chunk> chunk(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("nothing to chunk: the text is empty");
        }
        Encoding whole = encoder.apply(text);
        if (whole.size() <= maxTokens) {
            return List.of(new Chunk(text, whole.ids()));
        }
        int[] starts = whole.charStart();
        int[] ends = whole.charEnd();
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int firstToken = firstTokenEndingAfter(ends, start);
            int remaining = ends.length - firstToken;
            int budget = maxTokens;
            if (remaining > maxTokens && remaining < maxTokens + minTokens) {
                budget = Math.max(maxTokens / 2, remaining - minTokens); // leave the tail at least minTokens
            }
            int limit = remaining <= budget ? text.length() : ends[firstToken + budget - 1];
            Chunk chunk = null;
            while (chunk == null) {
                int cut = chooseCut(text, start, limit, starts, ends, firstToken, budget);
                String piece = text.substring(start, cut);
                Encoding encoded = encoder.apply(piece);
                if (encoded.size() <= maxTokens) {
                    chunk = new Chunk(piece, encoded.ids());
                    start = cut;
                } else if (cut <= text.offsetByCodePoints(start, 1)) {
                    throw new IllegalStateException("one character encodes to " + encoded.size()
                            + " tokens, more than the chunk limit of " + maxTokens);
                } else {
                    limit = cut - 1; // re-encoding made it longer than its slice: try a cut further left
                }
            }
            chunks.add(chunk);
        }
        return List.copyOf(chunks);
    }

    /** The furthest good cut in (start, limit]; limit itself when the rest of the text fits. */
    private int chooseCut(String text, int start, int limit, int[] starts, int[] ends, int firstToken, int budget) {
        limit = Math.max(limit, start + 1);
        if (limit >= text.length()) {
            return text.length();
        }
        int[] best = new int[Boundary.values().length];
        for (int p = limit; p > start; p--) {
            if (splitsSurrogatePair(text, p)) {
                continue;
            }
            for (Boundary boundary : Boundary.values()) {
                if (best[boundary.ordinal()] == 0 && is(boundary, text, start, p)) {
                    best[boundary.ordinal()] = p;
                }
            }
            if (best[Boundary.PARAGRAPH.ordinal()] != 0) {
                break; // nothing further left can beat the best boundary kind
            }
        }
        int halfWindow = Math.max(1, budget / 2);
        for (Boundary boundary : Boundary.values()) {
            int p = best[boundary.ordinal()];
            if (p != 0 && tokensBefore(ends, firstToken, p) >= halfWindow) {
                return p;
            }
        }
        return tokenBoundaryAtOrBefore(text, start, limit, starts, ends, firstToken);
    }

    private static boolean is(Boundary boundary, String text, int start, int p) {
        char before = text.charAt(p - 1);
        char after = text.charAt(p);
        switch (boundary) {
            case PARAGRAPH:
            case LINE: {
                if (!Character.isWhitespace(before) || Character.isWhitespace(after)) {
                    return false; // cut right after the whole whitespace run
                }
                int newlines = 0;
                for (int i = p - 1; i >= start && Character.isWhitespace(text.charAt(i)); i--) {
                    if (text.charAt(i) == '\n') {
                        newlines++;
                    }
                }
                return boundary == Boundary.PARAGRAPH ? newlines >= 2 : newlines >= 1;
            }
            case SENTENCE: {
                if (!Character.isWhitespace(after)) {
                    return false;
                }
                int i = p - 1;
                while (i > start && isCloser(text.charAt(i))) {
                    i--;
                }
                char c = text.charAt(i);
                return c == '.' || c == '!' || c == '?' || c == '\u2026' || c == '\u3002';
            }
            case WORD:
                return Character.isWhitespace(after) && !Character.isWhitespace(before);
            default:
                throw new AssertionError(boundary);
        }
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201d' || c == '\u2019' || c == '\u00bb';
    }

    /** The end of the last whole token at or before limit (tokens of one character's bytes stay together). */
    private static int tokenBoundaryAtOrBefore(String text, int start, int limit, int[] starts, int[] ends,
                                               int firstToken) {
        for (int t = ends.length - 1; t >= firstToken; t--) {
            int p = ends[t];
            boolean nextStartsLater = t + 1 == ends.length || starts[t + 1] >= p;
            if (p > start && p <= limit && nextStartsLater && !splitsSurrogatePair(text, p)) {
                return p;
            }
        }
        // no token ends inside the window (a window smaller than one token): take one code point
        return text.offsetByCodePoints(start, 1);
    }

    private static int firstTokenEndingAfter(int[] ends, int position) {
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) { // ends are non-decreasing
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.min(lo, ends.length - 1);
    }

    private static int tokensBefore(int[] ends, int firstToken, int position) {
        int count = 0;
        for (int t = firstToken; t < ends.length && ends[t] <= position; t++) {
            count++;
        }
        return count;
    }

    private static boolean splitsSurrogatePair(String text, int p) {
        return p > 0 && p < text.length() && Character.isHighSurrogate(text.charAt(p - 1))
                && Character.isLowSurrogate(text.charAt(p));
    }
}
