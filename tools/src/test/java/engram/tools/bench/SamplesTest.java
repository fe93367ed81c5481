package engram.tools.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SamplesTest {

    @Test
    void medianAndNearestRankP90() {
        Samples odd = Samples.ofMillis(new double[] {5, 1, 4, 2, 3});
        assertEquals(new Samples(5, 3, 5, 1), odd);
        Samples even = Samples.ofMillis(new double[] {4, 1, 3, 2});
        assertEquals(new Samples(4, 2.5, 4, 1), even);
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i;
        }
        assertEquals(18, Samples.ofMillis(twenty).p90Ms());
    }

    @Test
    void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Samples.ofMillis(new double[0]));
    }
}
