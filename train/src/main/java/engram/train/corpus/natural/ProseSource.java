package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plain prose for a language-model stage before the memory objectives: paragraphs of the news grammar without their
 * questions (news and conversation items as the corpus draws them) and, in TRAIN, paragraphs of WordNet definitions
 * and example sentences ({@link Lexicon#glosses()}) as extra real English: {@link #GLOSS_SHARE} of paragraphs. A
 * gloss sentence that spells a held-out word is left out of TRAIN, so TRAIN prose, like TRAIN items, never writes
 * one. Seeded and reproducible like {@link NaturalCorpus}.
 */
public final class ProseSource {

    /** Share of paragraphs made of WordNet sentences (TRAIN only): the grammar's prose is the main diet. */
    public static final double GLOSS_SHARE = 0.2;
    private static final int MIN_GLOSS_SENTENCES = 3;
    private static final int MAX_GLOSS_SENTENCES = 6;

    private final NaturalCorpus corpus;
    private final Random random;
    private final List<String> glosses;

    public ProseSource(long seed, NaturalSplit split) {
        this.corpus = new NaturalCorpus(seed, split);
        this.random = new Random(NaturalCorpus.mix(seed ^ 0x5DEECE66DL) + split.ordinal());
        this.glosses = split == NaturalSplit.TRAIN ? trainGlosses() : List.of();
    }

    /** The gloss sentences TRAIN may use: those without a held-out word. */
    static List<String> trainGlosses() {
        NaturalGrammar g = NaturalGrammar.get();
        List<String> out = new ArrayList<>();
        for (String sentence : g.lexicon.glosses()) {
            if (g.pools.isTrainText(sentence)) {
                out.add(sentence);
            }
        }
        return List.copyOf(out);
    }

    /** The next paragraph: an item's text, or (TRAIN) a few WordNet sentences. */
    public String nextParagraph() {
        if (!glosses.isEmpty() && random.nextDouble() < GLOSS_SHARE) {
            int n = MIN_GLOSS_SENTENCES + random.nextInt(MAX_GLOSS_SENTENCES - MIN_GLOSS_SENTENCES + 1);
            StringBuilder paragraph = new StringBuilder();
            for (int i = 0; i < n; i++) {
                paragraph.append(i == 0 ? "" : " ").append(glosses.get(random.nextInt(glosses.size())));
            }
            return paragraph.toString();
        }
        return corpus.nextItem().text();
    }
}
