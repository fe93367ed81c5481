package engram.engine.pool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every random {@link DropIndexSource} promises, checked on each implementation. */
class DropIndexSourceContractTest {

    static Stream<Arguments> sources() {
        return Stream.of(Arguments.of(new CounterDropSource()), Arguments.of(new TorchRandpermDropSource()));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void survivorsAreSortedDistinctInRangeAndNMinusKLong(DropIndexSource source) {
        for (int[] shape : new int[][] {{1, 1, 0}, {1, 1, 1}, {2, 10, 3}, {3, 64, 64}, {4, 100, 0}, {2, 257, 128}}) {
            int layers = shape[0], n = shape[1], k = shape[2];
            for (boolean perLayer : new boolean[] {false, true}) {
                int[][] survivors = source.survivors(layers, n, k, perLayer, 11, 3);
                assertEquals(layers, survivors.length);
                for (int[] layer : survivors) {
                    assertEquals(n - k, layer.length, "N-K survivors for " + Arrays.toString(shape));
                    for (int i = 0; i < layer.length; i++) {
                        assertTrue(layer[i] >= 0 && layer[i] < n, "in range");
                        assertTrue(i == 0 || layer[i] > layer[i - 1], "strictly ascending, hence distinct");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void sameInputsGiveTheSameSurvivors(DropIndexSource source) {
        assertArrayEquals(source.survivors(3, 200, 50, true, 42, 7), source.survivors(3, 200, 50, true, 42, 7));
        assertArrayEquals(source.survivors(3, 200, 50, false, 42, 7), source.survivors(3, 200, 50, false, 42, 7));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void differentSeedGivesDifferentSurvivors(DropIndexSource source) {
        assertFalse(Arrays.equals(source.survivors(1, 200, 50, false, 1, 7)[0],
                source.survivors(1, 200, 50, false, 2, 7)[0]));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void sharedDrawGivesEveryLayerTheSameArray(DropIndexSource source) {
        int[][] survivors = source.survivors(5, 100, 30, false, 9, 1);
        for (int[] layer : survivors) {
            assertArrayEquals(survivors[0], layer);
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void perLayerDrawGivesLayersTheirOwnSurvivors(DropIndexSource source) {
        int[][] survivors = source.survivors(4, 100, 30, true, 9, 1);
        for (int a = 0; a < survivors.length; a++) {
            for (int b = a + 1; b < survivors.length; b++) {
                assertFalse(Arrays.equals(survivors[a], survivors[b]), "layers " + a + " and " + b);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void everyRowIsDroppedAboutKOverNOfTheTime(DropIndexSource source) {
        int n = 20;
        int k = 5;
        int draws = 8000;
        int[] dropCounts = new int[n];
        for (int draw = 0; draw < draws; draw++) {
            // Counter varies the version; the torch replica ignores it, so vary the seed too
            int[] survivors = source.survivors(1, n, k, false, 1000 + draw, draw)[0];
            boolean[] survived = new boolean[n];
            for (int s : survivors) {
                survived[s] = true;
            }
            for (int row = 0; row < n; row++) {
                if (!survived[row]) {
                    dropCounts[row]++;
                }
            }
        }
        double expected = draws * (double) k / n; // 2000; binomial sd ≈ 39
        for (int row = 0; row < n; row++) {
            assertEquals(expected, dropCounts[row], expected * 0.1, "row " + row + " drop count");
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void badArgumentsAreNamed(DropIndexSource source) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> source.survivors(1, 10, 11, false, 0, 0));
        assertTrue(e.getMessage().contains("drop count k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> source.survivors(0, 10, 1, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> source.survivors(1, 0, 0, false, 0, 0));
    }
}
