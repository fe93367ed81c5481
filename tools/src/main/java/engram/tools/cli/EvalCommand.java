package engram.tools.cli;

import engram.app.cli.BundledModel;
import engram.app.cli.TorchThreads;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.eval.IntegrityEval;
import engram.train.eval.RetentionEval;
import engram.train.corpus.Corpus;
import engram.train.ModelCorpus;
import engram.tools.eval.NewsSetEval;
import engram.topology.engine.MemoryLLMEngine;
import com.google.gson.GsonBuilder;
import java.util.List;
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

    @Option(names = "--news", arity = "0..1", fallbackValue = "", paramLabel = "FILE", description = "Instead: a "
            + "set of news items with one question each, asked as the service asks them (a fresh memory per item, "
            + "the service's chunker, prompt and decoding); FILE is JSON Lines (text or title/body, question, "
            + "answer), without FILE the project's own set of 40 hand-written items. Writes news.json and news.md.")
    String news;

    @Option(names = "--corpus", paramLabel = "NAME", description = "The corpus to draw facts from: phrasebook or "
            + "natural (default: the one the model was trained on, from its train-config.json; phrasebook without "
            + "one).")
    String corpus;

    @Option(names = "--threads", defaultValue = "1", description = "Torch threads (default: ${DEFAULT-VALUE}).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        TorchThreads.set(threads);
        Path dir = model != null ? model : BundledModel.path();
        try (MemoryLLM llm = MemoryLLM.load(dir, EngineOptions.defaults())) {
            System.out.printf("model %s on %s%n", llm.modelId(), EngineOptions.describe(llm.device()));
            if (news != null) {
                return newsSet(llm);
            }
            if (integrityUpdates != null) {
                IntegrityEval.Options full = IntegrityEval.Options.full(corpus(dir));
                IntegrityEval.Report report = new IntegrityEval(llm, System.out).run(new IntegrityEval.Options(
                        full.corpus(), integrityUpdates, askEvery, full.windows(), full.seed()));
                IntegrityEval.write(report, out);
                System.out.print(Files.readString(out.resolve("integrity.md")));
                return 0;
            }
            RetentionEval.Options options = quick ? RetentionEval.Options.quick(corpus(dir))
                    : RetentionEval.Options.full(corpus(dir), llm.config());
            if (examples != null) {
                options = options.withExamples(examples);
            }
            RetentionEval.Report report = new RetentionEval(llm, System.out).run(options.with(unrelated));
            RetentionEval.write(report, out);
            System.out.print(Files.readString(out.resolve("eval.md")));
            double stepOne = report.stepOne(Corpus.HELDOUT_NAMES);
            System.out.printf("step-1 accuracy (held-out names) %.1f%% in %.0f s; report in %s%n", 100 * stepOne,
                    report.seconds(), out);
            if (minStepOne != null && stepOne < minStepOne) {
                System.err.printf("engram eval: step-1 accuracy %.3f is below --min-step1 %.3f%n", stepOne, minStepOne);
                return 1;
            }
            return 0;
        }
    }

    /** The corpus asked for, else the one the model was trained on. */
    private Corpus corpus(Path dir) throws java.io.IOException {
        return corpus != null ? Corpus.of(corpus) : ModelCorpus.of(dir);
    }

    private int newsSet(MemoryLLM llm) throws java.io.IOException {
        Path file = news.isEmpty() ? null : Path.of(news);
        List<NewsSetEval.Item> items = NewsSetEval.read(file);
        MemoryLLMEngine engine = new MemoryLLMEngine(llm); // not closed here: the model is closed by the caller
        NewsSetEval.Report report = new NewsSetEval(engine, System.out)
                .run(file == null ? "news-dev (bundled)" : file.toString(), items, NEWS_ANSWER_TOKENS);
        Files.createDirectories(out);
        String md = NewsSetEval.markdown(report);
        Files.writeString(out.resolve("news.md"), md);
        Files.writeString(out.resolve("news.json"), new GsonBuilder().setPrettyPrinting().create().toJson(report));
        System.out.print(md);
        return 0;
    }

    /** The answer length the service's ask command asks for by default. */
    private static final int NEWS_ANSWER_TOKENS = 32;
}
