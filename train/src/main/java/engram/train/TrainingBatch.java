package engram.train;

import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.FillerTokens;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;
import engram.train.corpus.natural.NaturalFacts;
import engram.train.corpus.natural.NaturalQuestion;
import engram.train.corpus.natural.NaturalSplit;
import engram.train.corpus.natural.NewsItem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The data of one training step, a pure function of (seed, step): one context and one question per stream. Being
 * a function of the step (not of a generator's history) is what makes a resumed run identical to an uninterrupted
 * one, and lets a step rebuild the question of a fact injected t steps earlier without storing it.
 *
 * <p>Phrasebook batches ({@link #of}): contexts of a step share one length T (drawn from the configured lengths) so
 * they batch: the fact comes first and filler sentences follow until T tokens, cut at T. Natural batches
 * ({@link #natural}): each stream's context is one news item exactly as the service would write it (no filler),
 * so contexts differ in length, shorter and longer than K, as the service's chunks do; {@code contextLength} is then
 * the longest. Questions are {@code prompt + " answer" + EOS}, right-padded; the loss covers the answer and EOS
 * only. {@code otherQuestions} (natural only, else null) asks each stream's item a second question, for an
 * objective that wants more than one reading of the same write.
 */
public record TrainingBatch(int contextLength, int[][] contexts, List<Question> questions,
                            List<Question> otherQuestions) {

    public TrainingBatch(int contextLength, int[][] contexts, List<Question> questions) {
        this(contextLength, contexts, questions, null);
    }

    /** Whether every context has the same length (then one batched self-update forward takes them all). */
    public boolean uniformLength() {
        return Arrays.stream(contexts).allMatch(c -> c.length == contextLength);
    }

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

    /**
     * The natural batch of a step: per stream one TRAIN item of the natural corpus of at most {@code maxContext}
     * tokens (shorter ones than the self-update minimum get filler in front, as the service's chunker merges a short
     * tail), one of its questions drawn at random, and a second one when the item has several.
     */
    public static TrainingBatch natural(long seed, long step, int streams, int maxContext, Tokenizer tokenizer,
                                        int eos) {
        Random random = StepRandom.of(seed, StepRandom.Purpose.DATA, step);
        NaturalFacts facts = new NaturalFacts(StepRandom.seed(seed, StepRandom.Purpose.CORPUS, step),
                NaturalSplit.TRAIN);
        int[][] contexts = new int[streams][];
        List<Question> questions = new ArrayList<>();
        List<Question> others = new ArrayList<>();
        int longest = 0;
        for (int b = 0; b < streams; b++) {
            NewsItem item;
            int[] ids;
            int attempts = 0;
            do {
                if (++attempts > 1000) {
                    throw new IllegalArgumentException("no item of the natural corpus fits in " + maxContext
                            + " tokens; raise contextLengths");
                }
                item = facts.nextItem();
                ids = tokenizer.encode(item.text()).ids();
            } while (ids.length > maxContext);
            contexts[b] = ids.length >= MIN_CONTEXT ? ids : FillerTokens.leading(ids, MIN_CONTEXT, facts, tokenizer);
            longest = Math.max(longest, contexts[b].length);
            List<NaturalQuestion> asked = item.questions();
            int first = random.nextInt(asked.size());
            int second = asked.size() == 1 ? first : (first + 1 + random.nextInt(asked.size() - 1)) % asked.size();
            questions.add(question(tokenizer, asked.get(first), eos));
            others.add(question(tokenizer, asked.get(second), eos));
        }
        return new TrainingBatch(longest, contexts, questions, others);
    }

    /** The shortest self-update the service makes of a text (its chunker tops a short tail up to this). */
    static final int MIN_CONTEXT = 16;

    private static Question question(Tokenizer tokenizer, NaturalQuestion q, int eos) {
        return question(tokenizer, q.prompt(), q.target(), q.answer(), eos);
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
