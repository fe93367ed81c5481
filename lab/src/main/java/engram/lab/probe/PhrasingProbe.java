package engram.lab.probe;

import engram.train.eval.EvalContexts;
import engram.train.eval.RetentionEval;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.Sample;
import engram.train.corpus.Split;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where unseen wording costs: step-1 accuracy (inject the fact, ask at once) for the four ways of pairing a training
 * or held-out phrasing of the fact with a training or held-out question. The eval's HELDOUT_TEMPLATES split is the
 * held-out/held-out corner; a low held-out-phrasing row with training questions says the write is bound to its
 * template, a low held-out-question column with training phrasings that the read is. Held-out names, the fact's
 * sentence alone (topped up with filler in front as {@link EvalContexts} does), the same answer rule as
 * {@link RetentionEval}.
 */
public final class PhrasingProbe {

    /** Accuracy per pairing, keyed "training phrasing / training question" and so on. */
    public record Report(String modelId, int examples, Map<String, Double> accuracy) {
    }

    private final MemoryLLM model;
    private final PrintStream log;

    public PhrasingProbe(MemoryLLM model, PrintStream log) {
        this.model = model;
        this.log = log;
    }

    public Report run(int examples, long seed) {
        EvalContexts contexts = new EvalContexts(model);
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (boolean heldOutPhrasing : new boolean[] {false, true}) {
            for (boolean heldOutQuestion : new boolean[] {false, true}) {
                CorpusGenerator facts = new CorpusGenerator(seed, Split.HELDOUT_NAMES);
                CorpusGenerator filler = new CorpusGenerator(seed + 1, Split.HELDOUT_NAMES);
                int hits = 0;
                for (int e = 0; e < examples; e++) {
                    Sample sample = facts.nextSample(heldOutPhrasing, heldOutQuestion);
                    int[] question = model.tokenizer().encode(sample.question().prompt()).ids();
                    try (MemoryPool pool = model.newPool(seed * 1000 + e)) {
                        model.selfUpdate(pool, contexts.ids(sample, filler));
                        if (RetentionEval.answers(model, pool, question, sample.question().answer())) {
                            hits++;
                        }
                    }
                }
                String key = key(heldOutPhrasing, heldOutQuestion);
                accuracy.put(key, (double) hits / examples);
                log.printf("phrasing probe: %s %.2f%n", key, (double) hits / examples);
            }
        }
        return new Report(model.modelId(), examples, accuracy);
    }

    /** "training phrasing / held-out question" and so on: the report's key of one pairing. */
    static String key(boolean heldOutPhrasing, boolean heldOutQuestion) {
        return label(heldOutPhrasing) + " phrasing / " + label(heldOutQuestion) + " question";
    }

    private static String label(boolean heldOut) {
        return heldOut ? "held-out" : "training";
    }

    /** The table the engine README quotes: phrasing down, question across. */
    public static String markdown(Report report) {
        Map<String, Double> a = report.accuracy();
        StringBuilder md = new StringBuilder("| fact stated in | training question | held-out question |\n|---|---|---|\n");
        for (boolean heldOutPhrasing : new boolean[] {false, true}) {
            md.append(String.format("| %s phrasing | %.2f | %.2f |%n", label(heldOutPhrasing),
                    a.get(key(heldOutPhrasing, false)), a.get(key(heldOutPhrasing, true))));
        }
        return md.toString();
    }

    /** {@code PhrasingProbe [MODEL_DIR] [EXAMPLES]}: prints the table (under a minute for 100 examples). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults())) {
            Report report = new PhrasingProbe(model, System.out).run(examples, 7);
            System.out.printf("%s, %d held-out-name examples per cell, step 1%n%s", report.modelId(), examples,
                    markdown(report));
        }
    }
}
