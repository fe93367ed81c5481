package engram.tools.cli;

import engram.app.cli.BundledModel;
import engram.app.cli.TorchThreads;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.eval.IntegrityEval;
import engram.train.eval.RetentionEval;
import engram.train.corpus.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code engram eval}: the knowledge-retention protocol of the paper on a model folder. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Knowledge retention: inject a fact, then unrelated contexts, ask after t self-updates.",
            "Writes eval.json, eval.md and retention.png; exits 1 when step-1 accuracy is below --min-step1."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled model).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/eval", description = "Where the report goes "
            + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Step-1 accuracy only, 100 held-out examples (about a minute).")
    boolean quick;

    @Option(names = "--examples", description = "Examples per split (default: 100).")
    Integer examples;

    @Option(names = "--min-step1", paramLabel = "FRACTION", description = "Fail when held-out-name step-1 "
            + "accuracy is below this.")
    Double minStepOne;

    @Option(names = "--integrity", paramLabel = "UPDATES", description = "Instead: the integrity run, UPDATES "
            + "consecutive self-updates of one pool with a question about the newest fact every --ask-every "
            + "(100000 for the acceptance figure; writes integrity.json, .md, .png).")
    Integer integrityUpdates;

    @Option(names = "--ask-every", defaultValue = "20", description = "Integrity: ask after every N-th update "
            + "(default: ${DEFAULT-VALUE}).")
    int askEvery;

    @Option(names = "--unrelated", defaultValue = "FACTS", description = "What is injected after the fact: FACTS "
            + "(other facts' contexts; the model card's figures) or FILLER (everyday items with no askable fact) "
            + "(default: ${DEFAULT-VALUE}).")
    RetentionEval.Unrelated unrelated;

    @Option(names = "--threads", defaultValue = "1", description = "Torch threads (default: ${DEFAULT-VALUE}).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        TorchThreads.set(threads);
        Path dir = model != null ? model : BundledModel.path();
        try (MemoryLLM llm = MemoryLLM.load(dir, EngineOptions.defaults())) {
            System.out.printf("model %s on %s%n", llm.modelId(), EngineOptions.describe(llm.device()));
            if (integrityUpdates != null) {
                IntegrityEval.Options full = IntegrityEval.Options.full();
                IntegrityEval.Report report = new IntegrityEval(llm, System.out).run(new IntegrityEval.Options(
                        integrityUpdates, askEvery, full.windows(), full.seed()));
                IntegrityEval.write(report, out);
                System.out.print(Files.readString(out.resolve("integrity.md")));
                return 0;
            }
            RetentionEval.Options options = quick ? RetentionEval.Options.quick()
                    : RetentionEval.Options.full(llm.config());
            if (examples != null) {
                options = new RetentionEval.Options(examples, options.maxSteps(), options.seed(), options.splits());
            }
            RetentionEval.Report report = new RetentionEval(llm, System.out).run(options.with(unrelated));
            RetentionEval.write(report, out);
            System.out.print(Files.readString(out.resolve("eval.md")));
            double stepOne = report.stepOne(Split.HELDOUT_NAMES);
            System.out.printf("step-1 accuracy (held-out names) %.1f%% in %.0f s; report in %s%n", 100 * stepOne,
                    report.seconds(), out);
            if (minStepOne != null && stepOne < minStepOne) {
                System.err.printf("engram eval: step-1 accuracy %.3f is below --min-step1 %.3f%n", stepOne, minStepOne);
                return 1;
            }
            return 0;
        }
    }
}
