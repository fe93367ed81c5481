package engram.lab.experiment;

import engram.train.TrainingBatch;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer-row loss finds the rows of Δ computed at the answer's tokens and, per layer and stream, takes some of
 * them from other rows of Δ.
 */
class AnswerRowLossTest {

    private static final int EOS = 99;

    /** "Question: … Answer:" as ids 1, 2, then the target 7, 8 and EOS. */
    private static final TrainingBatch.Question QUESTION =
            new TrainingBatch.Question(new int[]{1, 2, 7, 8, EOS}, 2, "Bo Cy");

    @Test
    void answerRowsAreTheTargetsTokensAmongTheLastKOfTheContext() {
        int[] context = {5, 6, 7, 8, 9, 10};                  // the answer is tokens 2, 3
        assertArrayEquals(new boolean[]{true, true, false, false}, AnswerRowLoss.answerRows(context, QUESTION, 4));
        // the last occurrence counts; Δ's window of K = 3 holds tokens 3..5 of this context
        assertArrayEquals(new boolean[]{true, true, false}, AnswerRowLoss.answerRows(new int[]{7, 8, 0, 7, 8, 9},
                QUESTION, 3));
        // only its second token falls in the window of K = 3
        assertArrayEquals(new boolean[]{true, false, false}, AnswerRowLoss.answerRows(new int[]{0, 0, 7, 8, 0, 0},
                QUESTION, 3));
        assertArrayEquals(new boolean[4], AnswerRowLoss.answerRows(new int[]{7, 0, 8, 0, 0}, QUESTION, 4),
                "not there as a whole: no rows");
    }

    @Test
    void lostAnswerRowsAreTakenFromOtherRowsOfTheSameLayerAndStream() {
        boolean[][] answerRows = {{false, true, true, false}, {false, false, false, false}};
        long[] all = AnswerRowLoss.answerRowLossIndex(3, answerRows, 1.0, new Random(1));
        for (int l = 0; l < 3; l++) {
            long[] first = Arrays.copyOfRange(all, (l * 2) * 4, (l * 2 + 1) * 4);
            assertEquals(0, first[0]);
            assertEquals(3, first[3]);
            for (int i = 1; i <= 2; i++) {
                assertTrue(first[i] == 0 || first[i] == 3, "an answer row comes from a non-answer row: " + first[i]);
            }
            assertArrayEquals(new long[]{0, 1, 2, 3}, Arrays.copyOfRange(all, (l * 2 + 1) * 4,
                    (l * 2 + 2) * 4), "a stream without answer rows keeps its own");
        }
        long[] none = AnswerRowLoss.answerRowLossIndex(3, answerRows, 0.0, new Random(1));
        for (int lb = 0; lb < 6; lb++) {
            assertArrayEquals(new long[]{0, 1, 2, 3}, Arrays.copyOfRange(none, lb * 4, lb * 4 + 4));
        }
    }

    @Test
    void layersDrawApart() {
        boolean[][] answerRows = {{true, true, true, true, false, false, false, false}};
        long[] index = AnswerRowLoss.answerRowLossIndex(8, answerRows, 0.5, new Random(2));
        boolean differ = false;
        int lost = 0;
        for (int l = 0; l < 8; l++) {
            for (int i = 0; i < 8; i++) {
                differ |= index[l * 8 + i] != index[i];
                lost += index[l * 8 + i] != i ? 1 : 0;
            }
        }
        assertTrue(differ, "each layer draws its own losses");
        assertTrue(lost > 4 && lost < 28, "about half of 32 answer rows lost: " + lost);
    }
}
