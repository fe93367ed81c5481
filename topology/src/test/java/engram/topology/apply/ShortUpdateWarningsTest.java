package engram.topology.apply;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short updates are all counted, and the warning is logged for the first and then once per thousand. */
class ShortUpdateWarningsTest {

    @Test
    void logsTheFirstAndThenOncePerThousand() {
        ShortUpdateWarnings warnings = new ShortUpdateWarnings();
        int logged = 0;
        for (int i = 1; i <= 2 * ShortUpdateWarnings.EVERY + 1; i++) {
            boolean wasLogged = warnings.seen("m", "u" + i, 9, 16);
            if (i == 1 || i == ShortUpdateWarnings.EVERY + 1 || i == 2 * ShortUpdateWarnings.EVERY + 1) {
                assertTrue(wasLogged, "update " + i);
                logged++;
            } else {
                assertFalse(wasLogged, "update " + i);
            }
        }
        assertEquals(3, logged);
        assertEquals(2 * ShortUpdateWarnings.EVERY + 1, warnings.count());
    }
}
