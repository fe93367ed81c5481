package engram.tools.cli;

import engram.app.cli.BundledModel;
import engram.app.cli.TorchThreads;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.train.eval.RetentionEval;
import engram.train.ModelCard;
import engram.train.TrainConfig;
import engram.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code engram train}: trains a MemoryLLM from scratch on the synthetic corpus (resumes an interrupted run). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a small MemoryLLM with the paper's objectives on the synthetic fact corpus.",
            "Progress every few steps; checkpoints in OUT (an interrupted run resumes from the last one).",
            "The model folder is OUT/model; with --eval the retention eval runs and MODEL_CARD.md is written."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Training options (JSON; absent keys take the "
            + "engram-tiny defaults).")
    Path config;

    @Option(names = "--after", paramLabel = "FILE", description = "An earlier stage of the same run: train (or "
            + "resume, or skip when complete) its config into OUT first, then continue with --config.")
    Path after;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/train", description = "Run folder "
            + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", defaultValue = "1", description = "Torch threads (default: ${DEFAULT-VALUE}).")
    Integer threads;

    @Option(names = "--eval", description = "After training, run the retention eval and write MODEL_CARD.md.")
    boolean eval;

    @Override
    public Integer call() throws Exception {
        TorchThreads.set(threads);
        TrainConfig cfg = config == null ? TrainConfig.defaults() : TrainConfig.load(config);
        TrainConfig firstStage = after == null ? null : TrainConfig.load(after);
        if (firstStage != null) {
            // a staged run: the first stage's steps, then this config continues from its state
            Trainer.Result first = new Trainer(firstStage, out, System.out).run();
            System.out.printf("stage %s: %d steps%n", after, first.steps());
        }
        Trainer.Result result = new Trainer(cfg, out, System.out).run();
        System.out.printf("trained %d steps in %.1f min: loss %.3f -> %s%n", result.steps(), result.minutes(),
                result.finalLoss(), result.modelDir());
        Files.copy(out.resolve("train-config.json"), result.modelDir().resolve("train-config.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(out.resolve("loss.png"), result.modelDir().resolve("loss.png"), StandardCopyOption.REPLACE_EXISTING);
        if (eval) {
            try (MemoryLLM model = MemoryLLM.load(result.modelDir(), EngineOptions.cpu())) {
                RetentionEval.Report report = new RetentionEval(model, System.out)
                        .run(RetentionEval.Options.full(cfg.data().source(), model.config()));
                RetentionEval.write(report, result.modelDir());
                ModelCard.write(result.modelDir(), firstStage, cfg, out.resolve("loss.csv"), result.minutes(),
                        result.skippedSteps(), report, "./engram train " + (after == null ? "" : "--after " + after
                                + " ") + "--config " + (config == null ? "models/engram-tiny/train-config.json"
                                : config) + " --out " + out + " --eval");
                System.out.print(Files.readString(result.modelDir().resolve("eval.md")));
            }
        }
        return 0;
    }
}
