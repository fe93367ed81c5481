package engram.lab.probe;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.corpus.Split;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LtmRetrievalProbeTest {

    @Test
    void onTheBundledModelTheLexicalRetrieverFindsMostItemsOfAShortFeed() throws IOException {
        try (MemoryLLM model = MemoryLLM.load(Bundled.MODEL, EngineOptions.cpu())) {
            LtmRetrievalProbe probe = new LtmRetrievalProbe(model, new PrintStream(new ByteArrayOutputStream()));
            LtmRetrievalProbe.Report report = probe.run(10, List.of(5L), Split.HELDOUT_NAMES, 64, 0);
            assertEquals(List.of("attention[all layers]", "attention[layer 0]", "attention[layer 1]",
                    "attention[layer 2]", "attention[layer 3]", "lexical"), List.copyOf(report.byRetriever().keySet()),
                    "no learned retriever without projectors in the checkpoint");
            for (LtmRetrievalProbe.Hits h : report.byRetriever().values()) {
                assertTrue(h.hitAt1() <= h.hitAt3() && h.hitAt1() <= h.itemHitAt1(), h.toString());
                assertEquals(10, h.hitAt1ByDecile().length);
            }
            // the question names the item's subject (a company, a product, a person), as its chunks do
            assertTrue(report.byRetriever().get("lexical").itemHitAt1() >= 0.7, LtmRetrievalProbe.markdown(report));
            assertTrue(LtmRetrievalProbe.markdown(report).contains("| lexical |"));
        }
    }
}
