package engram.train.corpus;

import engram.engine.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fact's tokens made up to a length with unrelated filler, for training contexts and eval injections alike. */
public final class FillerTokens {

    private FillerTokens() {
    }

    /**
     * Filler first, then the fact, so the fact's own tokens end the context and become the new memory rows
     * directly (Δ = the last K outputs); the filler is cut at its start to make {@code length} tokens.
     */
    public static int[] leading(int[] fact, int length, FactSource generator, Tokenizer tokenizer) {
        int need = length - fact.length;
        List<Integer> filler = new ArrayList<>();
        while (filler.size() < need) {
            for (int id : tokenizer.encode(generator.filler() + " ").ids()) {
                filler.add(id);
            }
        }
        int[] out = new int[length];
        for (int i = 0; i < need; i++) {
            out[i] = filler.get(filler.size() - need + i);
        }
        System.arraycopy(fact, 0, out, need, fact.length);
        return out;
    }

    /** The fact first, then filler, cut at {@code length} tokens. */
    public static int[] trailing(int[] fact, int length, FactSource generator, Tokenizer tokenizer) {
        int[] out = Arrays.copyOf(fact, length);
        int filled = fact.length;
        while (filled < length) {
            int[] filler = tokenizer.encode(" " + generator.filler()).ids();
            int n = Math.min(filler.length, length - filled);
            System.arraycopy(filler, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
