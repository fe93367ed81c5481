package engram.train;

import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.natural.NaturalFacts;
import engram.train.corpus.natural.NaturalSplit;

import java.util.Random;

/**
 * Rows of plain prose for language modelling, a pure function of (seed, step): TRAIN items of the natural corpus
 * without their questions and, one paragraph in five, WordNet definitions and example sentences, packed end to end
 * with the end-of-text token between paragraphs and cut at the row length. Every row starts at a paragraph's start.
 */
public final class ProseRows {

    /** Share of paragraphs of WordNet sentences (real English beyond the news grammar). */
    static final double GLOSS_SHARE = 0.2;

    private final long seed;
    private final Tokenizer tokenizer;
    private final int eos;

    public ProseRows(long seed, Tokenizer tokenizer, int eos) {
        this.seed = seed;
        this.tokenizer = tokenizer;
        this.eos = eos;
    }

    /** {@code count} rows of exactly {@code length} tokens for {@code step}. */
    public int[][] of(long step, int count, int length) {
        Random random = StepRandom.of(seed, StepRandom.Purpose.PROSE, step);
        NaturalFacts text = new NaturalFacts(StepRandom.seed(seed, StepRandom.Purpose.PROSE, step),
                NaturalSplit.TRAIN);
        int[][] rows = new int[count][length];
        for (int r = 0; r < count; r++) {
            int filled = 0;
            while (filled < length) {
                String paragraph = random.nextDouble() < GLOSS_SHARE ? text.filler() : text.nextItem().text();
                int[] ids = tokenizer.encode(paragraph).ids();
                int n = Math.min(ids.length, length - filled);
                System.arraycopy(ids, 0, rows[r], filled, n);
                filled += n;
                if (filled < length) {
                    rows[r][filled++] = eos;
                }
            }
        }
        return rows;
    }
}
