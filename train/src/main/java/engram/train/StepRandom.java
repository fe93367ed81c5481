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
 *
 * <p>A purpose is a number: the trainer's own decisions are {@link Purpose} (0..4, and 1000 on); a recipe part
 * registered from outside this module draws with numbers from {@link #FIRST_EXTENSION_PURPOSE} to 999, one per
 * decision, never reused (two decisions with one number draw alike) and never renumbered (a rerun would draw
 * differently).
 */
public final class StepRandom {

    /**
     * The decisions the trainer's own data and objectives draw, each from its own generator. Ids 0..4 came first;
     * extensions took 5 and up, so the trainer's later decisions number from {@link #LATER_PURPOSES}.
     */
    public enum Purpose {
        DATA(0), CORPUS(1), RETENTION_AGE(2), DELTA_ONLY(3), DISTRACTORS(4),
        /** The language-model rows of prose ({@code objective.ProseModelling}). */
        PROSE(LATER_PURPOSES),
        /** How many of the pool's newest rows a step's questions read ({@code objective.PoolWindow}). */
        POOL_WINDOW(LATER_PURPOSES + 1);

        private final int id;

        Purpose(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    /** The first purpose number free for extensions; they must stay below {@link #LATER_PURPOSES}. */
    public static final int FIRST_EXTENSION_PURPOSE = 5;

    /** Where the trainer's own purposes added after the first extensions begin. */
    public static final int LATER_PURPOSES = 1000;

    private StepRandom() {
    }

    public static Random of(long seed, Purpose purpose, long step) {
        return new Random(mixed(seed, purpose.id(), step));
    }

    /** The generator of an extension's decision {@code purpose} (at least {@link #FIRST_EXTENSION_PURPOSE}). */
    public static Random of(long seed, int purpose, long step) {
        return new Random(seed(seed, purpose, step));
    }

    /** A seed for a generator that takes a long (the corpus generator), mixed the same way. */
    public static long seed(long seed, Purpose purpose, long step) {
        return mixed(seed, purpose.id(), step);
    }

    /** {@link #seed(long, Purpose, long)} for an extension's decision. */
    public static long seed(long seed, int purpose, long step) {
        if (purpose < FIRST_EXTENSION_PURPOSE || purpose >= LATER_PURPOSES) {
            throw new IllegalArgumentException("purpose " + purpose + " is not an extension's: extensions draw from "
                    + FIRST_EXTENSION_PURPOSE + " to " + (LATER_PURPOSES - 1) + " (the others are the trainer's own, "
                    + "StepRandom.Purpose)");
        }
        return mixed(seed, purpose, step);
    }

    private static long mixed(long seed, int purpose, long step) {
        return mix(mix(mix(seed) + purpose + 1) + step);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
