package engram.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Neighbouring steps draw independently (java.util.Random seeded with seed + step does not). */
class StepRandomTest {

    @Test
    void consecutiveStepsDrawDifferentRetentionAges() {
        Set<Integer> ages = new HashSet<>();
        int repeats = 0;
        int previous = -1;
        for (int step = 4064; step < 4164; step++) {
            int age = 1 + StepRandom.of(20261201L, StepRandom.Purpose.RETENTION_AGE, step).nextInt(32);
            ages.add(age);
            repeats += age == previous ? 1 : 0;
            previous = age;
        }
        assertTrue(ages.size() >= 25, "100 steps should see most of the 32 ages, saw " + ages);
        assertTrue(repeats <= 10, repeats + " consecutive repeats");

        // what the first runs used: the same age for a hundred steps in a row
        Set<Integer> naive = new HashSet<>();
        for (int step = 4096; step < 4196; step++) {
            naive.add(1 + new java.util.Random(20261201L ^ step).nextInt(32));
        }
        assertEquals(1, naive.size(), "the bug this class exists for");
    }

    @Test
    void aDrawIsAFunctionOfSeedPurposeAndStep() {
        assertEquals(StepRandom.seed(1, StepRandom.Purpose.DATA, 9), StepRandom.seed(1, StepRandom.Purpose.DATA, 9));
        assertNotEquals(StepRandom.seed(1, StepRandom.Purpose.DATA, 9), StepRandom.seed(1, StepRandom.Purpose.CORPUS, 9));
        assertNotEquals(StepRandom.seed(1, StepRandom.Purpose.DATA, 9), StepRandom.seed(2, StepRandom.Purpose.DATA, 9));
    }

    @Test
    void extensionsDrawFromNumbersOfTheirOwn() {
        int first = StepRandom.FIRST_EXTENSION_PURPOSE;
        for (StepRandom.Purpose own : StepRandom.Purpose.values()) {
            assertTrue(own.id() < first || own.id() >= StepRandom.LATER_PURPOSES, own + " in the extensions' range");
        }
        assertNotEquals(StepRandom.seed(1, first, 9), StepRandom.seed(1, first + 1, 9));
        assertEquals(StepRandom.of(1, first, 9).nextLong(), new java.util.Random(StepRandom.seed(1, first, 9))
                .nextLong());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StepRandom.of(1, StepRandom.Purpose.DELTA_ONLY.id(), 9));
        assertTrue(e.getMessage().contains("extensions draw from " + first), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StepRandom.of(1, StepRandom.Purpose.PROSE.id(), 9));
    }
}
