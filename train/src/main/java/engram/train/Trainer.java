package engram.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import engram.engine.EngineOptions;
import engram.engine.ModelConfig;
import engram.engine.model.Backbone;
import engram.engine.model.Rope;
import engram.engine.model.Weights;
import engram.engine.tokenizer.Tokenizer;
import engram.train.objective.Recipe;
import engram.train.objective.RunContext;
import engram.train.objective.Step;
import engram.train.objective.StreamDrops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a small MemoryLLM from scratch with the paper's objectives (memoryllm-algorithm §6.3, adapted for a tiny
 * model as §6.5 suggests), on the synthetic fact corpus.
 *
 * <p>The run keeps B independent <em>streams</em>, each a memory pool that evolves exactly as at inference. A
 * memory step, for all streams at once: data (a new context and question per stream) → inject (self-update with
 * gradient: Δ, and [survivors ; Δ]) → the recipe's objectives' losses ({@link Recipe}) → backward → clip → AdamW →
 * the pools advance to [survivors ; Δ] (the integrity step: "update the memory at the end of the iteration") →
 * log, checkpoint. A curriculum step (the first {@code curriculum.steps}) runs only the objectives that read no
 * memory and leaves the pools as they are. All parameters are trained (no LoRA: nothing is frozen in a model
 * trained from scratch). The checkpoint's pool is stream 0's final pool, a genuine product of self-updates.
 */
public final class Trainer {

    private final TrainConfig cfg;
    private final Path out;
    private final PrintStream log;

    // the run's model and optimiser, set up by run()
    private RunContext context;
    private Recipe recipe;
    private Map<String, NDArray> parameters;
    private AdamW adam;
    /** Steps skipped for a non-finite loss or gradient, over the whole run (carried across resumes). */
    private int skipped;
    /** Training seconds of the earlier processes of a resumed run. */
    private double secondsBefore;
    private boolean dumped;

    public Trainer(TrainConfig cfg, Path out, PrintStream log) {
        this.cfg = cfg;
        this.out = out;
        this.log = log;
    }

    /** What a finished run reports. */
    public record Result(Path modelDir, int steps, double finalLoss, double finalAnswerAccuracy, double minutes,
                         int skippedSteps) {
    }

    public Result run() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(out);
        Path modelDir = out.resolve("model");
        Files.writeString(out.resolve("train-config.json"), cfg.toJson());
        recipe = Recipe.of(cfg);
        TrainConfig.Model m = cfg.model();
        try (Tokenizer tokenizer = TrainingSetup.tokenizer(cfg, modelDir, log)) {
            int eos = tokenizer.idOf("<|endoftext|>").orElseThrow();
            ModelConfig config = TrainingSetup.modelConfig(cfg, tokenizer.vocabSize(), eos);
            log.printf("model: d=%d, %d layers, %d heads, F=%d, vocab %d, K=%d, N=%d (%d streams, %d steps)%n",
                    m.hiddenSize(), m.layers(), m.heads(), m.intermediateSize(), config.vocabSize(),
                    config.numTokens(), config.poolSize(), cfg.optimisation().streams(), cfg.optimisation().steps());
            Device device = new EngineOptions(cfg.run().device() == null ? "cpu" : cfg.run().device(), "float32")
                    .resolveDevice();
            log.printf("device: %s%n", EngineOptions.describe(device));
            try (NDManager manager = NDManager.newBaseManager(device)) {
                Weights weights = Weights.random(config, manager, cfg.seed());
                parameters = trainableParameters(weights);
                long count = parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
                log.printf("parameters: %,d (%.1f MB fp32)%n", count, count * 4 / 1e6);
                Backbone backbone = new Backbone(config, weights, new Rope(config, manager, DataType.FLOAT32,
                        config.positionBudget()));
                context = new RunContext(cfg.seed(), config, backbone, manager, eos, cfg.optimisation().streams(),
                        cfg.curriculum().steps(), batches(tokenizer, eos), new ProseRows(cfg.seed(), tokenizer, eos));
                adam = new AdamW(cfg.optimisation().weightDecay());
                return train(started, modelDir, weights);
            }
        }
    }

    /** The data of each step, from the run's corpus ({@code data.corpus}). */
    private RunContext.Batches batches(Tokenizer tokenizer, int eos) {
        TrainConfig.Data data = cfg.data();
        return switch (data.source()) {
            case PHRASEBOOK -> (step, rows) -> TrainingBatch.of(cfg.seed(), step, rows, data.contextLengths(),
                    data.fillerBeforeProbability(), data.wordNoise(), tokenizer, eos);
            case NATURAL -> (step, rows) -> TrainingBatch.natural(cfg.seed(), step, rows, data.maxContext(),
                    tokenizer, eos);
        };
    }

    /**
     * The parameters the optimiser updates, with gradients on: every weight but the pool (a model trained from
     * scratch freezes nothing; training only some, e.g. a retriever with the model frozen, is a filter here).
     */
    private static Map<String, NDArray> trainableParameters(Weights weights) {
        Map<String, NDArray> trained = new LinkedHashMap<>(weights.tensors());
        trained.remove(Weights.MEMORY);
        trained.values().forEach(p -> p.setRequiresGradient(true));
        return trained;
    }

    /** The loop, from step 0 or from the state file's step. */
    private Result train(long started, Path modelDir, Weights weights) throws IOException {
        ModelConfig config = context.model();
        int startStep = 0;
        NDArray pools = weights.require(Weights.MEMORY).expandDims(1)
                .repeat(1, context.streams());                                     // [L, B, N, d]
        Path state = out.resolve("trainer-state.safetensors");
        if (Files.isRegularFile(state)) {
            TrainerState.Resumed resumed = TrainerState.resume(state, parameters, adam, context.manager());
            startStep = resumed.step();
            skipped = resumed.skipped();
            secondsBefore = resumed.seconds();
            pools.close();
            pools = resumed.pools();
            log.printf("resumed from %s at step %d%n", state, startStep);
        }
        LossLog curve = LossLog.start(out.resolve("loss.csv"), startStep);
        int end = cfg.lastStep();
        if (startStep >= end) {
            // a finished run: nothing to train, report what it recorded (so `train --eval` can be re-run)
            log.printf("the run in %s already has its %d steps%n", out, startStep);
            LossCurvePlot.write(curve.file(), out.resolve("loss.png"));
            String[] last = curve.lastLine();
            return new Result(modelDir, startStep, Double.parseDouble(last[1]), Double.parseDouble(last[2]),
                    secondsBefore / 60, skipped);
        }
        Metrics window = new Metrics();
        for (int step = startStep; step < end; step++) {
            double lr = learningRate(step);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                if (step < cfg.curriculum().steps()) {
                    curriculumStep(step, lr, window);
                } else {
                    NDArray next = memoryStep(step, pools, lr, window);
                    NDScope.unregister(next);
                    pools.close();
                    pools = next;                                                  // the pools advance
                }
            }
            boolean last = step + 1 == end || outOfTime(started);
            if ((step + 1) % cfg.run().logEvery() == 0 || last) {
                logWindow(step, startStep, end, started, lr, pools, window);
                curve.append(step + 1, window, trainedSeconds(started));
                window = new Metrics().carry(window);
            }
            if ((step + 1) % cfg.run().checkpointEvery() == 0 || last) {
                TrainerState.checkpoint(modelDir, config, weights, pools, parameters, adam, step + 1, state, skipped,
                        trainedSeconds(started));
            }
            if (last) {
                LossCurvePlot.write(curve.file(), out.resolve("loss.png"));
                return new Result(modelDir, step + 1, window.lastLoss, window.lastAnswers,
                        trainedSeconds(started) / 60, skipped);
            }
        }
        throw new IllegalStateException("no steps to run (steps=" + cfg.optimisation().steps() + ", resumed at "
                + startStep + ")");
    }

    /**
     * A curriculum step: the objectives that read no memory (answering from the context itself), no pool change. A
     * model from scratch first learns to find a fact in text it can attend to; reading the same fact from memory
     * rows placed just before the prompt (positions N-K+1..N, §5.1) then starts from that skill.
     */
    private void curriculumStep(int step, double lr, Metrics window) {
        Step s = Step.curriculum(context, step, context.batches().of(step, cfg.curriculum().batch()));
        float value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = recipe.curriculumLoss(s);
            value = loss.getFloat();
            if (!finiteLoss(step, value)) {
                return;
            }
            gc.backward(loss);
        }
        if (!clipAndUpdate(step, lr)) {
            return;
        }
        window.add(value, s.measured());
    }

    /** One memory step over all streams; returns the streams' next pools [L, B, N, d] (detached). */
    private NDArray memoryStep(int step, NDArray pools, double lr, Metrics window) {
        PhaseTimer timer = new PhaseTimer();
        ModelConfig config = context.model();
        int n = config.poolSize();
        int k = config.numTokens();
        TrainingBatch batch = context.batches().of(step, context.streams());
        timer.mark("data");
        NDArray next;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // the self-update of every stream, with gradient through the injection
            NDArray tail = pools.get(new NDIndex(":, :, {}:", n - k));
            NDArray delta = inject(batch, tail);                                      // [L, B, K, d]
            NDArray survivors = pools.gather(StreamDrops.survivorIndex(context.manager(), config, context.streams(),
                    cfg.seed(), step + 1, k), 2);
            NDArray updated = survivors.concat(delta, 2);                             // [L, B, N, d]
            timer.mark("inject");
            Step s = Step.memory(context, step, batch, pools, delta, updated);
            NDArray loss = recipe.memoryLoss(s, timer::mark);
            float value = loss.getFloat();
            if (!finiteLoss(step, value)) {
                return pools.duplicate(); // keep the pools as they were
            }
            gc.backward(loss);
            timer.mark("backward");
            window.add(value, s.measured());
            next = updated.stopGradient();
        }
        if (!clipAndUpdate(step, lr)) {
            dumpOnce(step, pools);
            next.close();
            return pools.duplicate();
        }
        timer.mark("clip+adam");
        timer.print(log);
        return next;
    }

    /**
     * The self-updates of a step's streams, with gradient: Δ [L, B, K, d]. Contexts of one length go through one
     * batched forward; contexts of natural lengths go in groups of equal length (a self-update's Δ has K rows
     * whatever its length, so the groups' Δ join in stream order), each exactly as the service's update of that text.
     */
    private NDArray inject(TrainingBatch batch, NDArray tail) {
        if (batch.uniformLength()) {
            return context.backbone().inject(ids(context.manager(), batch.contexts()), tail);
        }
        int[][] contexts = batch.contexts();
        TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int b = 0; b < contexts.length; b++) {
            byLength.computeIfAbsent(contexts[b].length, t -> new ArrayList<>()).add(b);
        }
        NDArray[] perStream = new NDArray[contexts.length];
        for (List<Integer> group : byLength.values()) {
            int[][] rows = group.stream().map(b -> contexts[b]).toArray(int[][]::new);
            long[] streams = group.stream().mapToLong(Integer::longValue).toArray();
            NDArray groupTail = tail.get(new NDIndex(":, {}", context.manager().create(streams)));
            NDArray delta = context.backbone().inject(ids(context.manager(), rows), groupTail);
            for (int j = 0; j < group.size(); j++) {
                perStream[group.get(j)] = delta.get(new NDIndex(":, {}:{}", j, j + 1));
            }
        }
        return NDArrays.concat(new NDList(perStream), 1);
    }

    /**
     * Linear warm-up, constant through the curriculum, then cosine decay to a tenth over the memory steps. The
     * curriculum's schedule does not depend on the total step count, so runs that differ only in their memory phase
     * share their first {@code curriculum.steps} steps exactly.
     */
    private double learningRate(int step) {
        TrainConfig.Optimisation o = cfg.optimisation();
        if (step < o.warmupSteps()) {
            return o.learningRate() * (step + 1) / o.warmupSteps();
        }
        int decayFrom = Math.max(o.warmupSteps(), cfg.curriculum().steps());
        if (step < decayFrom) {
            return o.learningRate();
        }
        double progress = (double) (step - decayFrom) / Math.max(1, o.steps() - decayFrom);
        return o.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    /** False, logged and counted, for a non-finite loss: never let one bad batch poison the weights. */
    private boolean finiteLoss(int step, float value) {
        if (Float.isFinite(value)) {
            return true;
        }
        log.printf("step %d: non-finite loss %s, batch skipped%n", step + 1, value);
        skipped++;
        return false;
    }

    /** Clips the gradients and takes the optimiser step; false (logged, counted, no update) if one is not finite. */
    private boolean clipAndUpdate(int step, double lr) {
        if (!clipGradients()) {
            log.printf("step %d: non-finite gradient, update skipped%n", step + 1);
            skipped++;
            return false;
        }
        adam.update(parameters, lr, context.manager());
        return true;
    }

    /** Scales the gradients to a global norm of at most gradClip; false (and gradients zeroed) if any is not finite. */
    private boolean clipGradients() {
        double total = 0;
        List<NDArray> grads = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray g = e.getValue().getGradient();
            grads.add(g);
            double squares = g.square().sum().getFloat();
            if (!Double.isFinite(squares) && Double.isFinite(total)) {
                log.printf("  first non-finite gradient: %s (NaN: %s, max |g| %s)%n", e.getKey(),
                        g.isNaN().any().getBoolean(), g.abs().max().getFloat());
            }
            total += squares;
        }
        double norm = Math.sqrt(total);
        if (!Double.isFinite(norm)) {
            grads.forEach(Gradients::zero);
            return false;
        }
        double clip = cfg.optimisation().gradClip();
        if (norm > clip) {
            float scale = (float) (clip / norm);
            grads.forEach(g -> g.muli(scale));
        }
        return true;
    }

    private void logWindow(int step, int startStep, int end, long started, double lr, NDArray pools,
                           Metrics window) {
        double perStep = (System.nanoTime() - started) / 1e9 / (step + 1 - startStep);
        float poolMax;
        try (NDArray abs = pools.abs(); NDArray max = abs.max()) {
            poolMax = max.getFloat();
        }
        log.printf("step %5d/%d  loss %.3f  answer %.1f%%  retention %.1f%%  in-context %.1f%%  "
                        + "lr %.2e  |pool| %.3g  %.2f s/step  ETA %.0f min%n", step + 1, cfg.optimisation().steps(),
                window.loss(), 100 * window.mean(Step.Figure.ANSWER), 100 * window.mean(Step.Figure.RETENTION),
                100 * window.mean(Step.Figure.IN_CONTEXT), lr, poolMax, perStep, perStep * (end - step - 1) / 60);
    }

    /** Training seconds of the whole run: earlier processes (when resumed) plus this one since {@code started}. */
    private double trainedSeconds(long started) {
        return secondsBefore + (System.nanoTime() - started) / 1e9;
    }

    private boolean outOfTime(long started) {
        return cfg.run().maxMinutes() > 0 && (System.nanoTime() - started) / 6e10 >= cfg.run().maxMinutes();
    }

    /** The first time a step goes wrong, keep what it saw (weights, pools, step) for a post-mortem. */
    private void dumpOnce(int step, NDArray pools) {
        if (dumped || !Boolean.getBoolean("engram.train.dumpNonFinite")) {
            return;
        }
        dumped = true;
        try {
            TrainerState.dump(out.resolve("non-finite-step-" + step + ".safetensors"), step, parameters, pools);
        } catch (IOException e) {
            log.printf("could not write the post-mortem dump: %s%n", e.getMessage());
        }
    }

    private static NDArray ids(NDManager manager, int[][] rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < rows[r].length; i++) {
                flat[r * rows[0].length + i] = rows[r][i];
            }
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }
}
