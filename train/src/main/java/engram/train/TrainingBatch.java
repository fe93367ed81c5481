package engram.train;

import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.FillerTokens;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;

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
public record TrainingBatch(int contextLength, int[][] contexts, List<Question> questions) {

    /** Token ids of a prompt followed by its target; {@code targetStart} is where the loss begins. */
    public record Question(int[] ids, int targetStart, String answer) {
    }

    /** The batch of a step; {@code wordNoise} as the corpus generator's (0: the facts' wording as written). */
    public static TrainingBatch of(long seed, long step, int streams, int[] lengths, double fillerBefore, double wordNoise,
                            Tokenizer tokenizer, int eos) {
        Random random = StepRandom.of(seed, StepRandom.Purpose.DATA, step);
        int t = lengths[random.nextInt(lengths.length)];
        CorpusGenerator generator = new CorpusGenerator(StepRandom.seed(seed, StepRandom.Purpose.CORPUS, step),
                Split.TRAIN, wordNoise);
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
            contexts[b] = random.nextDouble() < fillerBefore ? FillerTokens.leading(fact, t, generator, tokenizer)
                    : FillerTokens.trailing(fact, t, generator, tokenizer);
            questions.add(question(tokenizer, sample.question().prompt(), sample.question().target(),
                    sample.question().answer(), eos));
        }
        return new TrainingBatch(t, contexts, questions);
    }

    /** Each stream's context followed by its question: the same facts, answered from the context itself. */
    public List<Question> inContextQuestions() {
        return inContextQuestions(0, 0);
    }

    /**
     * Each stream's context, with {@code distractors} other streams' contexts around it in a random order (seeded by
     * {@code seed}), followed by its question. With one fact per row a model can answer by copying "the" fact and
     * never look at who the question is about; with several it must match the question to the right fact, which is
     * what reading an older fact among many memory rows takes.
     */
    public List<Question> inContextQuestions(int distractors, long seed) {
        Random random = new Random(seed);
        List<Question> out = new ArrayList<>();
        int n = contexts.length;
        for (int b = 0; b < n; b++) {
            Question q = questions.get(b);
            List<int[]> parts = new ArrayList<>();
            parts.add(contexts[b]);
            for (int d = 1; d <= Math.min(distractors, n - 1); d++) {
                parts.add(random.nextInt(parts.size() + 1), contexts[(b + d) % n]);
            }
            int length = parts.stream().mapToInt(c -> c.length).sum();
            int[] ids = new int[length + q.ids().length];
            int at = 0;
            for (int[] part : parts) {
                System.arraycopy(part, 0, ids, at, part.length);
                at += part.length;
            }
            System.arraycopy(q.ids(), 0, ids, length, q.ids().length);
            out.add(new Question(ids, length + q.targetStart(), q.answer()));
        }
        return out;
    }

    static Question question(Tokenizer tokenizer, String prompt, String target, String answer, int eos) {
        int[] p = tokenizer.encode(prompt).ids();
        int[] a = tokenizer.encode(target).ids();
        int[] ids = Arrays.copyOf(p, p.length + a.length + 1);
        System.arraycopy(a, 0, ids, p.length, a.length);
        ids[ids.length - 1] = eos;
        return new Question(ids, p.length, answer);
    }
}
