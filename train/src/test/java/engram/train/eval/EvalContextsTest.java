package engram.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;
import org.junit.jupiter.api.Test;

/** What the evals inject: fact contexts within the chunk limit and at least 16 tokens, and filler-only contexts. */
class EvalContextsTest {

    @Test
    void factContextsFitTheChunkLimitAndFillerContextsFillIt() throws Exception {
        try (MemoryLLM model = MemoryLLM.load(BundledModelGateTest.MODEL, EngineOptions.cpu())) {
            EvalContexts contexts = new EvalContexts(model);
            int limit = model.config().maxChunkTokens();
            CorpusGenerator facts = new CorpusGenerator(7, Split.HELDOUT_NAMES);
            CorpusGenerator filler = new CorpusGenerator(8, Split.HELDOUT_NAMES);
            for (int i = 0; i < 20; i++) {
                Sample sample = contexts.nextFitting(facts);
                int[] ids = contexts.ids(sample, filler);
                assertTrue(ids.length >= MemoryLLM.MIN_TRAINED_CONTEXT && ids.length <= limit, "" + ids.length);
                assertTrue(model.tokenizer().decode(ids).contains(sample.question().answer()),
                        "the fact's answer is injected");

                int[] only = contexts.filler(filler);
                assertEquals(limit, only.length, "filler made up to the chunk limit");
                String text = model.tokenizer().decode(only);
                assertFalse(text.contains(sample.question().answer()), text);
                assertTrue(text.endsWith(".") || text.endsWith("?") || text.endsWith(". ") || text.endsWith("? "),
                        "whole sentences at the end (cut at the start only): " + text);
            }
        }
    }
}
