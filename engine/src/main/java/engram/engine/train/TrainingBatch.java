package engram.engine.train;

import engram.engine.tokenizer.Tokenizer;
import engram.engine.train.corpus.CorpusGenerator;
import engram.engine.train.corpus.Sample;
import engram.engine.train.corpus.Split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The data of one training step, a pure function of (seed, step): one context and one question per stream. Being
 * a function of the step (not of a generator's history) is what makes a resumed run identical to an uninterrupted
 * one, and lets a step rebuild the question of a fact injected t steps earlier without storing it.
 *
 * <p>Contexts of a step share one length T (drawn from the configured lengths) so they batch: the fact comes first
 * and filler sentences follow until T tokens, cut at T. Questions are {@code prompt + " answer" + EOS}, right-padded;
 * the loss covers the answer and EOS only.
 */
record TrainingBatch(int contextLength, int[][] contexts, List<Question> questions) {

    /** Token ids of a prompt followed by its target; {@code targetStart} is where the loss begins. */
    record Question(int[] ids, int targetStart, String answer) {
    }

    static TrainingBatch of(long seed, long step, int streams, int[] lengths, Tokenizer tokenizer, int eos) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + step);
        int t = lengths[random.nextInt(lengths.length)];
        CorpusGenerator generator = new CorpusGenerator(seed * 1_000_003L + step, Split.TRAIN);
        int[][] contexts = new int[streams][];
        List<Question> questions = new ArrayList<>();
        for (int b = 0; b < streams; b++) {
            Sample sample;
            int[] fact;
            int attempts = 0;
            do {
                if (++attempts > 1000) {
                    throw new IllegalArgumentException("no context of the corpus fits in " + t + " tokens; raise "
                            + "contextLengths");
                }
                sample = generator.nextSample();
                fact = tokenizer.encode(sample.context().text()).ids();
            } while (fact.length > t);
            contexts[b] = padWithFiller(fact, t, generator, tokenizer);
            questions.add(question(tokenizer, sample.question().prompt(), sample.question().target(),
                    sample.question().answer(), eos));
        }
        return new TrainingBatch(t, contexts, questions);
    }

    static Question question(Tokenizer tokenizer, String prompt, String target, String answer, int eos) {
        int[] p = tokenizer.encode(prompt).ids();
        int[] a = tokenizer.encode(target).ids();
        int[] ids = Arrays.copyOf(p, p.length + a.length + 1);
        System.arraycopy(a, 0, ids, p.length, a.length);
        ids[ids.length - 1] = eos;
        return new Question(ids, p.length, answer);
    }

    private static int[] padWithFiller(int[] fact, int length, CorpusGenerator generator, Tokenizer tokenizer) {
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
