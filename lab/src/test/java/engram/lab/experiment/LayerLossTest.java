package engram.lab.experiment;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer loss takes a whole layer of a stream's Δ from another stream, each layer and stream drawn apart. */
class LayerLossTest {

    @Test
    void aLostLayerReadsTheNextStreamsDeltaAndAKeptOneItsOwn() {
        long[] all = LayerLoss.layerLossIndex(3, 4, 1.0, new Random(1));
        long[] none = LayerLoss.layerLossIndex(3, 4, 0.0, new Random(1));
        for (int l = 0; l < 3; l++) {
            for (int b = 0; b < 4; b++) {
                assertEquals((b + 1) % 4, all[l * 4 + b]);
                assertEquals(b, none[l * 4 + b]);
            }
        }
        long[] alone = LayerLoss.layerLossIndex(2, 1, 1.0, new Random(1));
        assertEquals(0, alone[0] + alone[1], "a single stream has no other fact to stand in");
    }

    @Test
    void layersAndStreamsDrawApart() {
        long[] index = LayerLoss.layerLossIndex(8, 8, 0.5, new Random(2));
        int lost = 0;
        boolean layersDiffer = false;
        for (int l = 0; l < 8; l++) {
            for (int b = 0; b < 8; b++) {
                lost += index[l * 8 + b] != b ? 1 : 0;
                layersDiffer |= (index[l * 8 + b] != b) != (index[b] != b);
            }
        }
        assertTrue(layersDiffer, "each layer draws its own losses");
        assertTrue(lost > 16 && lost < 48, "about half of 64 layer-streams lost: " + lost);
    }
}
