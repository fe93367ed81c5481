package engram.train.corpus.natural;

import engram.train.corpus.FactSource;
import engram.train.corpus.Sample;

import java.util.List;
import java.util.Random;

/**
 * The natural corpus as a {@link FactSource}: a sample is one item with one of its questions (drawn at random), and
 * filler is a few WordNet definitions and example sentences (real English that states no news fact). Seeded and
 * reproducible like {@link NaturalCorpus}.
 */
public final class NaturalFacts implements FactSource {

    private static final int FILLER_SENTENCES = 3;

    private final NaturalCorpus corpus;
    private final Random random;

    public NaturalFacts(long seed, NaturalSplit split) {
        this.corpus = new NaturalCorpus(seed, split);
        this.random = new Random(NaturalCorpus.mix(seed ^ 0x2545F4914F6CDD1DL) + split.ordinal());
    }

    /** The next item, with all its questions. */
    public NewsItem nextItem() {
        return corpus.nextItem();
    }

    @Override
    public Sample nextSample() {
        List<Sample> samples = NaturalSamples.samples(corpus.nextItem());
        return samples.get(random.nextInt(samples.size()));
    }

    @Override
    public String filler() {
        List<String> glosses = Glosses.train();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < FILLER_SENTENCES; i++) {
            text.append(i == 0 ? "" : " ").append(glosses.get(random.nextInt(glosses.size())));
        }
        return text.toString();
    }

    /** The TRAIN gloss sentences, filtered once per JVM (the filter reads every sentence). */
    private static final class Glosses {
        private static final List<String> TRAIN = ProseSource.trainGlosses();

        static List<String> train() {
            return TRAIN;
        }
    }
}
