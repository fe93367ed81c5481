package engram.lab.probe;

import engram.lab.probe.RowImportanceProbe.Role;
import engram.engine.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowImportanceProbeTest {

    @Test
    void removingARowInSomeLayersLeavesTheOthersAsTheyAre() {
        int[][] source = RowImportanceProbe.rowRemoved(3, 5, 3, 1, 1);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, source[0]);
        assertArrayEquals(new int[]{0, 0, 1, 2, 4}, source[1], "row 3 gone, a copy of row 0 keeps N rows");
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, source[2]);
        for (int[] layer : RowImportanceProbe.rowRemoved(3, 5, 4, 0, 2)) {
            assertArrayEquals(new int[]{0, 0, 1, 2, 3}, layer, "every layer");
        }
    }

    @Test
    void rowsAreNamedByTheTokenTheyWereComputedAt() {
        // "Ann wed Bo Cy ." as tokens [Ann][ wed][ Bo][ Cy][ .]; the answer "Bo Cy" is chars 8..13
        Encoding encoding = new Encoding(new int[]{1, 2, 3, 4, 5}, new int[]{0, 3, 7, 10, 13},
                new int[]{3, 7, 10, 13, 15});
        Role[] all = RowImportanceProbe.rolesOf(encoding, 8, 13, 5);
        assertEquals(Arrays.asList(Role.OTHER, Role.BEFORE_ANSWER, Role.ANSWER_FIRST, Role.ANSWER_LATER, Role.OTHER),
                Arrays.asList(all));
        // Δ keeps only the last K = 3 tokens' outputs: the token before the answer falls outside the window
        assertEquals(Arrays.asList(Role.ANSWER_FIRST, Role.ANSWER_LATER, Role.OTHER),
                Arrays.asList(RowImportanceProbe.rolesOf(encoding, 8, 13, 3)));
        // a context shorter than K: the rows before it are the queried memory tokens' outputs
        assertEquals(Role.OTHER, RowImportanceProbe.rolesOf(encoding, 8, 13, 7)[0]);
        assertEquals(Role.ANSWER_FIRST, RowImportanceProbe.rolesOf(encoding, 8, 13, 7)[4]);
    }

    @Test
    void onTheBundledModelEveryRowOfEveryAnsweredExampleIsCounted() throws IOException {
        RowImportanceProbe.Report report = new RowImportanceProbe(Bundled.MODEL,
                new PrintStream(new ByteArrayOutputStream())).run(6, 7);
        assertTrue(report.answered() >= 3, "the bundled model answers most right after the fact: " + report);
        int rows = report.roles().values().stream().mapToInt(RowImportanceProbe.RoleResult::rows).sum();
        assertEquals(report.answered() * 16, rows, "every row of every answered example has a role");
        RowImportanceProbe.RoleResult other = report.roles().get(Role.OTHER);
        for (double kept : other.byLayer()) {
            assertTrue(kept >= 0 && kept <= 1, "a share: " + kept);
        }
        assertTrue(RowImportanceProbe.markdown(report).contains("| answer's first token |"));
    }
}
