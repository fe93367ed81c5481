package engram.train;

import java.util.Random;

/**
 * The random generator of one decision of one training step, a pure function of (seed, purpose, step).
 *
 * <p>Why not {@code new Random(seed + step)}: java.util.Random scrambles its seed with one multiply of a 48-bit
 * LCG, so generators built from neighbouring seeds give nearly the same first draws. The first engram-tiny runs
 * drew the retention age as {@code new Random(seed ^ step).nextInt(32)}: it stayed at 8 for steps 4064..4095 and at
 * 31 from 4096 on, so for hundreds of steps the model was only ever asked about facts 31 updates old, and the
 * retention it had learned collapsed. Here the parts go through SplitMix64's finalizer first, so every step draws
 * independently.
 */
final class StepRandom {

    /** The decisions a step draws, each from its own generator. */
    enum Purpose { DATA, CORPUS, RETENTION_AGE, DELTA_ONLY, DISTRACTORS, AGED_WRITE, SHUFFLED_BLOCKS, DELTA_KEEP,
        DELTA_KEEP_ROWS, DELTA_KEEP_POOL, ANSWER_ROW_LOSS, LAYER_LOSS }

    private StepRandom() {
    }

    static Random of(long seed, Purpose purpose, long step) {
        return new Random(mix(mix(mix(seed) + purpose.ordinal() + 1) + step));
    }

    /** A seed for a generator that takes a long (the corpus generator), mixed the same way. */
    static long seed(long seed, Purpose purpose, long step) {
        return mix(mix(mix(seed) + purpose.ordinal() + 1) + step);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
