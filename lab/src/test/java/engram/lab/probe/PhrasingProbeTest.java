package engram.lab.probe;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhrasingProbeTest {

    @Test
    void onTheBundledModelTrainingWordingIsReadAndTheTableHasAllFourPairings() throws IOException {
        try (MemoryLLM model = MemoryLLM.load(Bundled.MODEL, EngineOptions.cpu())) {
            PhrasingProbe.Report report = new PhrasingProbe(model, new PrintStream(new ByteArrayOutputStream()))
                    .run(12, 7);
            assertEquals(List.of("training phrasing / training question", "training phrasing / held-out question",
                    "held-out phrasing / training question", "held-out phrasing / held-out question"),
                    List.copyOf(report.accuracy().keySet()));
            assertTrue(report.accuracy().get("training phrasing / training question") >= 0.5,
                    "the bundled model answers training wording right after the fact: " + report);
            String md = PhrasingProbe.markdown(report);
            assertTrue(md.contains("| training phrasing | ") && md.contains("| held-out phrasing | "), md);
        }
    }
}
