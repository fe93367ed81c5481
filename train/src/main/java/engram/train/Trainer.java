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
import engram.engine.ModelConfig;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import engram.engine.model.Backbone;
import engram.engine.model.CheckpointWriter;
import engram.engine.model.Rope;
import engram.engine.model.Weights;
import engram.engine.pool.CounterDropSource;
import engram.train.tokenizer.BpeModel;
import engram.train.tokenizer.BpeTrainer;
import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.TokenizerCorpus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a small MemoryLLM from scratch with the paper's objectives (memoryllm-algorithm §6.3, adapted for a tiny
 * model as §6.5 suggests), on the synthetic fact corpus.
 *
 * <p>The run keeps B independent <em>streams</em>, each a memory pool that evolves exactly as at inference. Every
 * step, each stream:
 * <ol>
 *   <li>self-updates with a new context (fact + filler), <b>with gradient</b> through the injection
 *       (new-knowledge incorporation);</li>
 *   <li>answers a question about that fact from its pool after the update ([survivors ; Δ], the "full pool"
 *       reading of §6.3 step 3) and, with probability {@code deltaOnlyProbability}, from Δ alone;</li>
 *   <li>answers a question about a fact it injected t steps ago, 1 &le; t &le; maxRetentionAge, from the same pool
 *       (forgetting mitigation, Algorithm 1: the contexts since then are its side documents);</li>
 *   <li>keeps the updated pool (the integrity step: "update the memory at the end of the iteration").</li>
 * </ol>
 * Two auxiliary losses without memory, on rows of context, question and answer: the answer
 * ({@code inContextWeight}; it teaches the copying that reading memory needs) and every token
 * ({@code lmLossWeight}). A curriculum may run {@code inContextSteps} steps of these alone first. Options change
 * how the questions read: {@code shuffledBlocksProbability} (the pool's blocks in random order) and
 * {@code agedWriteWeight} (this step's facts asked again from an aged copy of the pool) and {@code deltaKeepMin}
 * (this step's facts asked from a random part of their rows). All
 * parameters are trained (no LoRA: nothing is frozen in a model trained from scratch). The checkpoint's pool is
 * stream 0's final pool, a genuine product of self-updates.
 */
public final class Trainer {

    private final TrainConfig cfg;
    private final Path out;
    private final PrintStream log;

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
        Tokenizer tokenizer = tokenizer(modelDir);
        int eos = tokenizer.idOf("<|endoftext|>").orElseThrow();
        ModelConfig config = modelConfig(tokenizer.vocabSize(), eos);
        log.printf("model: d=%d, %d layers, %d heads, F=%d, vocab %d, K=%d, N=%d (%d streams, %d steps)%n",
                cfg.hiddenSize(), cfg.layers(), cfg.heads(), cfg.intermediateSize(), config.vocabSize(),
                config.numTokens(), config.poolSize(), cfg.streams(), cfg.steps());

        Device device = new engram.engine.EngineOptions(cfg.device() == null ? "cpu" : cfg.device(), "float32")
                .resolveDevice();
        log.printf("device: %s%n", device);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Weights weights = Weights.random(config, manager, cfg.seed());
            Map<String, NDArray> parameters = new LinkedHashMap<>(weights.tensors());
            parameters.remove(Weights.MEMORY);
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            long count = parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
            log.printf("parameters: %,d (%.1f MB fp32)%n", count, count * 4 / 1e6);
            Backbone backbone = new Backbone(config, weights, new Rope(config, manager, DataType.FLOAT32,
                    config.positionBudget()));
            AdamW adam = new AdamW(cfg.weightDecay());
            int startStep = 0;
            NDArray pools = weights.require(Weights.MEMORY).expandDims(1)
                    .repeat(1, cfg.streams());                                   // [L, B, N, d]
            Path state = out.resolve("trainer-state.safetensors");
            if (Files.isRegularFile(state)) {
                Resumed resumed = resume(state, parameters, adam, manager);
                startStep = resumed.step();
                skipped = resumed.skipped();
                secondsBefore = resumed.seconds();
                pools.close();
                pools = resumed.pools();
                log.printf("resumed from %s at step %d%n", state, startStep);
            }
            Path curve = out.resolve("loss.csv");
            startLog(curve, startStep);
            int end = cfg.lastStep();
            if (startStep >= end) {
                // a finished run: nothing to train, report what it recorded (so `train --eval` can be re-run)
                log.printf("the run in %s already has its %d steps%n", out, startStep);
                LossCurvePlot.write(curve, out.resolve("loss.png"));
                List<String> lines = Files.readAllLines(curve);
                String[] lastLine = lines.get(lines.size() - 1).split(",");
                return new Result(modelDir, startStep, Double.parseDouble(lastLine[1]),
                        Double.parseDouble(lastLine[2]), secondsBefore / 60, skipped);
            }
            Metrics window = new Metrics();
            for (int step = startStep; step < end; step++) {
                double lr = learningRate(step);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    if (step < cfg.inContextSteps()) {
                        inContextStep(backbone, tokenizer, eos, step, parameters, adam, lr, window, manager);
                    } else {
                        NDArray next = step(backbone, config, tokenizer, eos, pools, step, parameters, adam, lr,
                                window, manager);
                        NDScope.unregister(next);
                        pools.close();
                        pools = next;
                    }
                }
                boolean last = step + 1 == end || outOfTime(started);
                if ((step + 1) % cfg.logEvery() == 0 || last) {
                    double perStep = (System.nanoTime() - started) / 1e9 / (step + 1 - startStep);
                    double seconds = trainedSeconds(started);
                    float poolMax;
                    try (NDArray abs = pools.abs(); NDArray max = abs.max()) {
                        poolMax = max.getFloat();
                    }
                    log.printf("step %5d/%d  loss %.3f  answer %.1f%%  retention %.1f%%  in-context %.1f%%  "
                                    + "lr %.2e  |pool| %.3g  %.2f s/step  ETA %.0f min%n", step + 1, cfg.steps(),
                            window.loss(), 100 * window.answers(), 100 * window.retention(),
                            100 * window.inContext(), lr, poolMax, perStep, perStep * (end - step - 1) / 60);
                    Files.writeString(curve, String.format("%d,%.5f,%.4f,%.4f,%.1f,%.4f%n", step + 1, window.loss(),
                            window.answers(), window.retention(), seconds, window.inContext()),
                            StandardOpenOption.APPEND);
                    window = new Metrics().carry(window);
                }
                if ((step + 1) % cfg.checkpointEvery() == 0 || last) {
                    checkpoint(modelDir, config, weights, pools, parameters, adam, step + 1, state,
                            trainedSeconds(started));
                }
                if (last) {
                    double minutes = trainedSeconds(started) / 60;
                    LossCurvePlot.write(curve, out.resolve("loss.png"));
                    return new Result(modelDir, step + 1, window.lastLoss, window.lastAnswers, minutes, skipped);
                }
            }
            throw new IllegalStateException("no steps to run (steps=" + cfg.steps() + ", resumed at " + startStep + ")");
        } finally {
            tokenizer.close();
        }
    }

    /** Training seconds of the whole run: earlier processes (when resumed) plus this one since {@code started}. */
    private double trainedSeconds(long started) {
        return secondsBefore + (System.nanoTime() - started) / 1e9;
    }

    private boolean outOfTime(long started) {
        return cfg.maxMinutes() > 0 && (System.nanoTime() - started) / 6e10 >= cfg.maxMinutes();
    }

    /**
     * Linear warm-up, constant through the in-context curriculum, then cosine decay to a tenth over the memory
     * steps. The curriculum's schedule does not depend on the total step count, so runs that differ only in their
     * memory phase share their first {@code inContextSteps} steps exactly.
     */
    private double learningRate(int step) {
        if (step < cfg.warmupSteps()) {
            return cfg.learningRate() * (step + 1) / cfg.warmupSteps();
        }
        int decayFrom = Math.max(cfg.warmupSteps(), cfg.inContextSteps());
        if (step < decayFrom) {
            return cfg.learningRate();
        }
        double progress = (double) (step - decayFrom) / Math.max(1, cfg.steps() - decayFrom);
        return cfg.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    /** One step over all streams; returns the streams' next pools [L, B, N, d] (detached). */
    private NDArray step(Backbone backbone, ModelConfig config, Tokenizer tokenizer, int eos, NDArray pools,
                         int step, Map<String, NDArray> parameters, AdamW adam, double lr, Metrics metrics,
                         NDManager manager) {
        int streams = cfg.streams();
        int k = config.numTokens();
        int n = config.poolSize();
        PhaseTimer timer = new PhaseTimer();
        TrainingBatch batch = TrainingBatch.of(cfg.seed(), step, streams, cfg.contextLengths(), cfg.fillerBeforeProbability(),
                cfg.wordNoise(), tokenizer, eos);
        List<TrainingBatch.Question> questions = new ArrayList<>(batch.questions());
        // retention: the question of the fact this stream injected `age` steps ago (its pool has seen age-1 since)
        // (only facts injected since the curriculum ended are in the pools)
        int memorySteps = step - cfg.inContextSteps();
        boolean retention = memorySteps > 0;
        int age = retention
                ? 1 + StepRandom.of(cfg.seed(), StepRandom.Purpose.RETENTION_AGE, step)
                        .nextInt(Math.min(memorySteps, cfg.maxRetentionAge()))
                : 0;
        if (retention) {
            questions.addAll(TrainingBatch.of(cfg.seed(), step - age, streams, cfg.contextLengths(),
                    cfg.fillerBeforeProbability(), cfg.wordNoise(), tokenizer, eos)
                    .questions());
        }
        timer.mark("data");
        NDArray contexts = ids(manager, batch.contexts());
        Padded q = Padded.of(manager, questions, eos);
        NDArray next;
        NDArray answerLogits;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray tail = pools.get(new NDIndex(":, :, {}:", n - k));
            NDArray delta = backbone.inject(contexts, tail);                         // [L, B, K, d], with gradient
            timer.mark("inject");
            NDArray survivors = pools.gather(survivorIndex(manager, config, cfg.seed(), step + 1, k), 2);
            NDArray updated = survivors.concat(delta, 2);                           // [L, B, N, d]
            // what this step's fact is asked from: all of Δ, or (redundant writes) a random subset of its rows
            int kept = keptDeltaRows(step, k);
            NDArray readDelta = kept == k ? delta : delta.gather(deltaSubsetIndex(manager, config, step, kept), 2);
            if (kept == k && cfg.answerRowLossProbability() > 0) {
                readDelta = readDelta.gather(answerRowLossIndex(manager, config, batch, step), 2);
            }
            if (kept == k && cfg.layerLossProbability() > 0) {
                readDelta = readDelta.gather(layerLossIndex(manager, config, step), 1);
            }
            NDArray newest = kept == k || !cfg.deltaKeepInPool() ? updated
                    : pools.gather(survivorIndex(manager, config,
                            StepRandom.seed(cfg.seed(), StepRandom.Purpose.DELTA_KEEP_POOL, step), step + 1, kept), 2)
                            .concat(readDelta, 2);                                  // N - kept older rows, kept of Δ
            NDArray memory = retention ? newest.concat(updated, 1) : newest;
            if (cfg.shuffledBlocksProbability() > 0) {
                memory = shuffledBlocks(memory, config, step, manager);
            }
            answerLogits = backbone.logits(q.ids, memory);
            NDArray loss = q.loss(answerLogits);
            timer.mark("predict");
            if (StepRandom.of(cfg.seed(), StepRandom.Purpose.DELTA_ONLY, step).nextDouble()
                    < cfg.deltaOnlyProbability()) {
                Padded fresh = Padded.of(manager, batch.questions(), eos);
                loss = loss.add(fresh.loss(backbone.logits(fresh.ids, readDelta)));
            }
            if (cfg.agedWriteWeight() > 0 && memorySteps > 0) {
                Padded fresh = Padded.of(manager, batch.questions(), eos);
                NDArray aged = aged(updated, delta.stopGradient(), config, step, manager);
                loss = loss.add(fresh.loss(backbone.logits(fresh.ids, aged)).mul((float) cfg.agedWriteWeight()));
            }
            timer.mark("aged write");
            double inContextExact = Double.NaN;
            if (cfg.inContextWeight() > 0 || cfg.lmLossWeight() > 0) {
                // reading a fact from the context itself (no memory): teaches the copying that reading memory needs
                InContext inContext = inContextLoss(backbone, batch, step, eos, manager);
                loss = loss.add(inContext.loss());
                inContextExact = inContext.exact();
            }
            timer.mark("extra objectives");
            float value = loss.getFloat();
            if (!finiteLoss(step, value)) {
                return pools.duplicate(); // keep the pools as they were
            }
            gc.backward(loss);
            timer.mark("backward");
            metrics.add(value, q.exactAnswers(answerLogits, 0, streams),
                    retention ? q.exactAnswers(answerLogits, streams, 2 * streams) : Double.NaN, inContextExact);
            next = updated.stopGradient();
        }
        timer.mark("metrics+detach");
        if (!clipAndUpdate(step, parameters, adam, lr, manager)) {
            dumpOnce(step, parameters, pools);
            next.close();
            return pools.duplicate();
        }
        timer.mark("clip+adam");
        timer.print(log);
        return next;
    }

    /**
     * A curriculum step (the first {@code inContextSteps}): answer from the context itself, no memory, no pool
     * change. A model from scratch first learns to find a fact in text it can attend to; reading the same fact
     * from memory rows placed just before the prompt (positions N-K+1..N, §5.1) then starts from that skill.
     */
    private void inContextStep(Backbone backbone, Tokenizer tokenizer, int eos, int step,
                               Map<String, NDArray> parameters, AdamW adam, double lr, Metrics metrics,
                               NDManager manager) {
        TrainingBatch batch = TrainingBatch.of(cfg.seed(), step, cfg.inContextBatch(), cfg.contextLengths(),
                cfg.fillerBeforeProbability(), cfg.wordNoise(), tokenizer, eos);
        float value;
        double exact;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            InContext inContext = inContextLoss(backbone, batch, step, eos, manager);
            NDArray loss = inContext.loss();
            value = loss.getFloat();
            if (!finiteLoss(step, value)) {
                return;
            }
            gc.backward(loss);
            exact = inContext.exact();
        }
        if (!clipAndUpdate(step, parameters, adam, lr, manager)) {
            return;
        }
        metrics.add(value, Double.NaN, Double.NaN, exact);
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
    private boolean clipAndUpdate(int step, Map<String, NDArray> parameters, AdamW adam, double lr,
                                  NDManager manager) {
        if (!clipGradients(parameters)) {
            log.printf("step %d: non-finite gradient, update skipped%n", step + 1);
            skipped++;
            return false;
        }
        adam.update(parameters, lr, manager);
        return true;
    }

    private boolean dumped;
    /** Steps skipped for a non-finite loss or gradient, over the whole run (carried across resumes). */
    private int skipped;
    /** Training seconds of the earlier processes of a resumed run. */
    private double secondsBefore;

    /**
     * A fresh loss log for a new run; for a resumed one, the log without the lines a killed run wrote after its
     * last checkpoint (the resumed run logs those steps again).
     */
    private static void startLog(Path curve, int step) throws IOException {
        if (step == 0 || !Files.isRegularFile(curve)) {
            Files.writeString(curve, "step,loss,answer_accuracy,retention_accuracy,seconds,in_context_accuracy\n");
            return;
        }
        List<String> lines = Files.readAllLines(curve);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= step) {
                kept.add(line);
            }
        }
        Files.write(curve, kept);
    }

    /** The first time a step goes wrong, keep what it saw (weights, pools, step) for a post-mortem. */
    private void dumpOnce(int step, Map<String, NDArray> parameters, NDArray pools) {
        if (dumped || !Boolean.getBoolean("engram.train.dumpNonFinite")) {
            return;
        }
        dumped = true;
        List<TensorData> tensors = parametersAndPools(parameters, pools);
        try {
            Safetensors.write(out.resolve("non-finite-step-" + step + ".safetensors"),
                    Map.of("step", Integer.toString(step)), tensors);
        } catch (IOException e) {
            log.printf("could not write the post-mortem dump: %s%n", e.getMessage());
        }
    }

    /**
     * The durable-write objective's memory: {@code updated} [L, B, N, d] (with gradient into this step's rows) as
     * it would be after {@code age - 1} more self-updates, age drawn in 2..maxAgedWriteAge. Each simulated update
     * drops K random rows per layer and stream, keeping the order of the rest, and appends K new rows: another
     * stream's rows of this step (stream b gets stream b+j's at the j-th), real writes of other facts. The
     * retention objective reads facts written earlier from the real pools, which are detached: it teaches reading
     * old rows, never writing rows that last. This one sends the gradient of a question asked after the drops and
     * the newer rows into the write itself.
     */
    private NDArray aged(NDArray updated, NDArray newRows, ModelConfig config, int step, NDManager manager) {
        int later = 1 + StepRandom.of(cfg.seed(), StepRandom.Purpose.AGED_WRITE, step)
                .nextInt(Math.max(1, cfg.maxAgedWriteAge() - 1));
        // the same counter-based drops as the real pools, under a seed of their own
        long dropSeed = StepRandom.seed(cfg.seed(), StepRandom.Purpose.AGED_WRITE, step);
        int streams = cfg.streams();
        NDArray pool = updated;
        for (int j = 1; j <= later; j++) {
            int shift = j % streams;
            NDArray others = shift == 0 ? newRows : newRows.get(new NDIndex(":, {}:", shift))
                    .concat(newRows.get(new NDIndex(":, :{}", shift)), 1);
            pool = pool.gather(survivorIndex(manager, config, dropSeed, j, config.numTokens()), 2)
                    .concat(others, 2);
        }
        return pool;
    }

    /**
     * The memory each question row reads: with probability {@code shuffledBlocksProbability} per row, the pool's
     * N/K blocks of K consecutive rows in a random order, the same in every layer, the rows inside a block kept in
     * their order. Right after an update the newest block is exactly this step's Δ, so the fact moves whole to a
     * random depth and the answer has to be found by what the rows hold, not by where they sit (engine/README "Why
     * retention falls below the bound"). The gather keeps the gradient into Δ.
     */
    private NDArray shuffledBlocks(NDArray memory, ModelConfig config, int step, NDManager manager) {
        Shape shape = memory.getShape();                                        // [L, R, N, d]
        long[] index = shuffledBlockIndex((int) shape.get(0), (int) shape.get(1), (int) shape.get(2),
                config.numTokens(), cfg.shuffledBlocksProbability(),
                StepRandom.of(cfg.seed(), StepRandom.Purpose.SHUFFLED_BLOCKS, step));
        return memory.gather(manager.create(index, new Shape(shape.get(0), shape.get(1), shape.get(2), 1))
                .broadcast(shape), 2);
    }

    /** The gather index [L, R, N] of {@link #shuffledBlocks}: row r of layer l reads pool row index[(l·R + r)·N + i]. */
    static long[] shuffledBlockIndex(int layers, int rows, int n, int k, double probability, Random random) {
        int blocks = n / k;
        long[] index = new long[layers * rows * n];
        for (int r = 0; r < rows; r++) {
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                order.add(b);
            }
            if (random.nextDouble() < probability) {
                Collections.shuffle(order, random);
            }
            for (int l = 0; l < layers; l++) {
                for (int b = 0; b < blocks; b++) {
                    for (int i = 0; i < k; i++) {
                        index[(l * rows + r) * n + b * k + i] = (long) order.get(b) * k + i;
                    }
                }
            }
        }
        return index;
    }

    /** Index [L, B, K, d] into Δ for this step's answer-row loss (which rows: the static overload). */
    private NDArray answerRowLossIndex(NDManager manager, ModelConfig config, TrainingBatch batch, int step) {
        int layers = config.numLayers();
        int streams = cfg.streams();
        int k = config.numTokens();
        boolean[][] answerRows = new boolean[streams][];
        for (int b = 0; b < streams; b++) {
            answerRows[b] = TrainingBatch.answerRows(batch.contexts()[b], batch.questions().get(b), k);
        }
        long[] index = answerRowLossIndex(layers, answerRows, cfg.answerRowLossProbability(),
                StepRandom.of(cfg.seed(), StepRandom.Purpose.ANSWER_ROW_LOSS, step));
        return manager.create(index, new Shape(layers, streams, k, 1)).broadcast(layers, streams, k,
                config.hiddenSize());
    }

    /**
     * Row sources [L][B][K] flattened: per layer and stream the identity, except that each answer row
     * ({@code answerRows[b][i]}) is, with probability p, taken from a random non-answer row of the same layer and
     * stream instead (kept when the stream has none).
     */
    static long[] answerRowLossIndex(int layers, boolean[][] answerRows, double p, Random random) {
        int streams = answerRows.length;
        int k = streams == 0 ? 0 : answerRows[0].length;
        long[] index = new long[layers * streams * k];
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < streams; b++) {
                List<Integer> others = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    if (!answerRows[b][i]) {
                        others.add(i);
                    }
                }
                for (int i = 0; i < k; i++) {
                    boolean lose = answerRows[b][i] && !others.isEmpty() && random.nextDouble() < p;
                    index[(l * streams + b) * k + i] = lose ? others.get(random.nextInt(others.size())) : i;
                }
            }
        }
        return index;
    }

    /** Index [L, B, K, d] over the streams of Δ for this step's layer loss (which layers: the static overload). */
    private NDArray layerLossIndex(NDManager manager, ModelConfig config, int step) {
        int layers = config.numLayers();
        int streams = cfg.streams();
        long[] source = layerLossIndex(layers, streams, cfg.layerLossProbability(),
                StepRandom.of(cfg.seed(), StepRandom.Purpose.LAYER_LOSS, step));
        return manager.create(source, new Shape(layers, streams, 1, 1)).broadcast(layers, streams,
                config.numTokens(), config.hiddenSize());
    }

    /**
     * Source stream [L][B] flattened: per layer and stream the stream itself, or with probability p the next stream
     * (b + 1 mod B), whose Δ holds another fact. Identity when there is one stream only.
     */
    static long[] layerLossIndex(int layers, int streams, double p, Random random) {
        long[] source = new long[layers * streams];
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < streams; b++) {
                boolean lose = streams > 1 && random.nextDouble() < p;
                source[l * streams + b] = lose ? (b + 1) % streams : b;
            }
        }
        return source;
    }

    /** The redundant-write objective's row count this step: K when off, else drawn in fewest..K. */
    private int keptDeltaRows(int step, int k) {
        int fewest = fewestKeptDeltaRows(cfg.deltaKeepMin(), k);
        return fewest >= k ? k
                : fewest + StepRandom.of(cfg.seed(), StepRandom.Purpose.DELTA_KEEP, step).nextInt(k - fewest + 1);
    }

    /** The fewest of Δ's K rows a redundant-write question reads: ceil(deltaKeepMin·K), at least 1. */
    static int fewestKeptDeltaRows(double deltaKeepMin, int k) {
        return Math.max(1, Math.min(k, (int) Math.ceil(deltaKeepMin * k - 1e-9)));
    }

    private NDArray deltaSubsetIndex(NDManager manager, ModelConfig config, int step, int kept) {
        int layers = config.numLayers();
        int streams = cfg.streams();
        long[] index = deltaSubsetIndex(layers, streams, config.numTokens(), kept,
                StepRandom.of(cfg.seed(), StepRandom.Purpose.DELTA_KEEP_ROWS, step));
        return manager.create(index, new Shape(layers, streams, kept, 1))
                .broadcast(layers, streams, kept, config.hiddenSize());
    }

    /**
     * The gather index [L, B, kept] of a redundant-write read: for each layer and stream its own random {@code kept}
     * of Δ's {@code k} rows, in their order (real drops take rows independently per layer and keep the order).
     */
    static long[] deltaSubsetIndex(int layers, int streams, int k, int kept, Random random) {
        long[] index = new long[layers * streams * kept];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            rows.add(i);
        }
        for (int lb = 0; lb < layers * streams; lb++) {
            Collections.shuffle(rows, random);
            List<Integer> chosen = new ArrayList<>(rows.subList(0, kept));
            Collections.sort(chosen);
            for (int i = 0; i < kept; i++) {
                index[lb * kept + i] = chosen.get(i);
            }
        }
        return index;
    }

    /**
     * Index [L, B, N-dropped, d] of each stream's surviving rows at {@code version} when {@code dropped} rows go
     * (counter-based drops; stream b draws with {@code seed + b}). A real update drops K.
     */
    private NDArray survivorIndex(NDManager manager, ModelConfig config, long seed, long version, int dropped) {
        int layers = config.numLayers();
        int streams = cfg.streams();
        int keep = config.poolSize() - dropped;
        long[] index = new long[layers * streams * keep];
        CounterDropSource drops = new CounterDropSource();
        for (int b = 0; b < streams; b++) {
            int[][] survivors = drops.survivors(layers, config.poolSize(), dropped, true, seed + b, version);
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < keep; i++) {
                    index[(l * streams + b) * keep + i] = survivors[l][i];
                }
            }
        }
        return manager.create(index, new Shape(layers, streams, keep, 1))
                .broadcast(layers, streams, keep, config.hiddenSize());
    }

    /** The in-context objective of a batch: its weighted loss and the rows answered exactly. */
    private record InContext(NDArray loss, double exact) {
    }

    /**
     * Each row is context, question, answer, without memory. Loss on the answer ({@code inContextWeight}) plus a
     * language-model loss on every token ({@code lmLossWeight}). The second matters more than it looks: every
     * question repeats a name from its context, so next-token prediction over the whole row rewards copying what
     * was seen earlier (the induction-head signal), on far more tokens per row than the answer alone.
     */
    private InContext inContextLoss(Backbone backbone, TrainingBatch batch, int step, int eos, NDManager manager) {
        // the curriculum rows hold their fact alone (finding a fact is learned first); from the memory steps on,
        // distractors make the question pick its fact among several
        int distractors = step < cfg.inContextSteps() ? 0 : cfg.inContextDistractors();
        List<TrainingBatch.Question> rows = batch.inContextQuestions(distractors,
                StepRandom.seed(cfg.seed(), StepRandom.Purpose.DISTRACTORS, step));
        Padded answers = Padded.of(manager, rows, eos);
        NDArray logits = backbone.logits(answers.ids, null);
        NDArray loss = answers.loss(logits).mul((float) cfg.inContextWeight());
        if (cfg.lmLossWeight() > 0) {
            Padded everyToken = Padded.of(manager, rows.stream()
                    .map(q -> new TrainingBatch.Question(q.ids(), 1, q.answer())).toList(), eos);
            loss = loss.add(everyToken.loss(logits).mul((float) cfg.lmLossWeight()));
        }
        return new InContext(loss, answers.exactAnswers(logits, 0, rows.size()));
    }

    /** Scales the gradients to a global norm of at most gradClip; false (and gradients zeroed) if any is not finite. */
    private boolean clipGradients(Map<String, NDArray> parameters) {
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
        if (norm > cfg.gradClip()) {
            float scale = (float) (cfg.gradClip() / norm);
            grads.forEach(g -> g.muli(scale));
        }
        return true;
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

    private Tokenizer tokenizer(Path modelDir) throws IOException {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            BpeTrainer bpe = new BpeTrainer();
            TokenizerCorpus.feed(cfg.seed(), cfg.tokenizerSamples(), bpe::add);
            BpeModel model = bpe.train(cfg.vocabSize(), BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> log.println(
                    "tokenizer: " + line));
            model.write(modelDir);
            log.printf("tokenizer: %d tokens written to %s%n", model.vocabSize(), file);
        }
        return Tokenizer.load(file);
    }

    private ModelConfig modelConfig(int vocab, int eos) {
        return ModelConfig.parse("""
                {"vocab_size": %d, "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
                 "num_attention_heads": %d, "num_key_value_heads": %d, "max_position_embeddings": %d,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": %d, "eos_token_id": %d,
                 "num_tokens": %d, "num_blocks": %d, "add_bos_embedding": true, "drop_memory_per_layer": true,
                 "engram_max_chunk_tokens": %d}
                """.formatted(vocab, cfg.hiddenSize(), cfg.intermediateSize(), cfg.layers(), cfg.heads(), cfg.heads(),
                cfg.maxPositions(), eos, eos, cfg.numTokens(), cfg.numBlocks(),
                java.util.Arrays.stream(cfg.contextLengths()).max().orElseThrow()));
    }

    /** Model folder (HF layout, pool = stream 0's) plus the trainer state that makes the run resumable. */
    private void checkpoint(Path modelDir, ModelConfig config, Weights weights, NDArray pools,
                            Map<String, NDArray> parameters, AdamW adam, int step, Path state, double seconds)
            throws IOException {
        try (NDArray pool = pools.get(new NDIndex(":, 0")).duplicate()) {
            weights.replace(Weights.MEMORY, pool);
            CheckpointWriter.write(modelDir, config, weights, Map.of("engram_training_step", Integer.toString(step)));
        }
        List<TensorData> tensors = parametersAndPools(parameters, pools);
        for (NDArray a : adam.state()) {
            tensors.add(TensorData.ofFloat32(a.getName(), a.getShape().getShape(), a.toFloatArray()));
        }
        Safetensors.write(state, Map.of("step", Integer.toString(step), "adam_step", Long.toString(adam.step()),
                "skipped", Integer.toString(skipped), "seconds", String.format("%.1f", seconds)), tensors);
    }

    /** Parameters ("p." + name) and the streams' pools ("pools"), as fp32 tensors for a state file. */
    private static List<TensorData> parametersAndPools(Map<String, NDArray> parameters, NDArray pools) {
        List<TensorData> tensors = new ArrayList<>();
        parameters.forEach((name, p) -> tensors.add(TensorData.ofFloat32("p." + name, p.getShape().getShape(),
                p.toFloatArray())));
        tensors.add(TensorData.ofFloat32("pools", pools.getShape().getShape(), pools.toFloatArray()));
        return tensors;
    }

    /** Where a resumed run continues: the next step, the streams' pools, and the run's counters so far. */
    private record Resumed(int step, NDArray pools, int skipped, double seconds) {
    }

    /** Reads the state file once: parameters (set in place), Adam moments, pools and step counters. */
    private static Resumed resume(Path state, Map<String, NDArray> parameters, AdamW adam, NDManager manager)
            throws IOException {
        try (SafetensorsFile f = Safetensors.open(state)) {
            Map<String, NDArray> moments = new LinkedHashMap<>();
            NDArray pools = null;
            for (String name : f.names()) {
                TensorData t = f.read(name);
                if (name.startsWith("p.")) {
                    parameters.get(name.substring(2)).set(t.toFloat32());
                } else if (name.startsWith("m.") || name.startsWith("v.")) {
                    moments.put(name, manager.create(t.toFloat32(), new Shape(t.shape())));
                } else if (name.equals("pools")) {
                    pools = manager.create(t.toFloat32(), new Shape(t.shape()));
                }
            }
            if (pools == null) {
                throw new IOException(state + " has no 'pools' tensor: not a trainer state file");
            }
            adam.restore(moments, Long.parseLong(f.metadata().get("adam_step")));
            Map<String, String> meta = f.metadata();
            return new Resumed(Integer.parseInt(meta.get("step")), pools,
                    Integer.parseInt(meta.getOrDefault("skipped", "0")),
                    Double.parseDouble(meta.getOrDefault("seconds", "0")));
        }
    }

    /** Right-padded question rows with a loss mask over answer + EOS tokens. */
    private record Padded(NDArray ids, NDArray targets, NDArray mask, List<TrainingBatch.Question> questions) {

        static Padded of(NDManager manager, List<TrainingBatch.Question> questions, int pad) {
            int width = questions.stream().mapToInt(q -> q.ids().length).max().orElseThrow();
            int rows = questions.size();
            long[] ids = new long[rows * width];
            long[] targets = new long[rows * (width - 1)];
            float[] mask = new float[rows * (width - 1)];
            java.util.Arrays.fill(ids, pad);
            for (int r = 0; r < rows; r++) {
                int[] q = questions.get(r).ids();
                for (int i = 0; i < q.length; i++) {
                    ids[r * width + i] = q[i];
                }
                for (int i = 0; i + 1 < width; i++) {
                    targets[r * (width - 1) + i] = i + 1 < q.length ? q[i + 1] : pad;
                    mask[r * (width - 1) + i] = i + 1 >= questions.get(r).targetStart() && i + 1 < q.length ? 1 : 0;
                }
            }
            return new Padded(manager.create(ids, new Shape(rows, width)),
                    manager.create(targets, new Shape(rows, width - 1, 1)),
                    manager.create(mask, new Shape(rows, width - 1)), questions);
        }

        /** Mean cross-entropy over the masked target tokens. */
        NDArray loss(NDArray logits) {
            long width = ids.getShape().get(1);
            NDArray logp = logits.get(new NDIndex(":, :{}", width - 1)).logSoftmax(2);
            NDArray picked = logp.gather(targets, 2).squeeze(2);
            return picked.mul(mask).sum().div(mask.sum()).neg();
        }

        /** Fraction of rows [from, to) whose every target token is the argmax (teacher forcing). */
        double exactAnswers(NDArray logits, int from, int to) {
            long width = ids.getShape().get(1);
            long[] argmax = logits.get(new NDIndex("{}:{}, :{}", from, to, width - 1)).argMax(2)
                    .toType(DataType.INT64, false).toLongArray();
            long[] expected = targets.get(new NDIndex("{}:{}", from, to)).toLongArray();
            float[] m = mask.get(new NDIndex("{}:{}", from, to)).toFloatArray();
            int correct = 0;
            for (int r = 0; r < to - from; r++) {
                boolean ok = true;
                for (int i = 0; i < width - 1; i++) {
                    int j = (int) (r * (width - 1) + i);
                    if (m[j] > 0 && argmax[j] != expected[j]) {
                        ok = false;
                        break;
                    }
                }
                correct += ok ? 1 : 0;
            }
            return (double) correct / (to - from);
        }
    }

    /** Running means of the last log window. */
    private static final class Metrics {
        double lossSum;
        double answerSum;
        double retentionSum;
        int steps;
        int retentionSteps;
        double lastLoss;
        double lastAnswers;

        double inContextSum;
        int answerSteps;
        int inContextSteps;

        /** NaN for a figure the step did not measure (no memory in a curriculum step, no retention at step 0). */
        void add(double loss, double answers, double retention, double inContext) {
            lossSum += loss;
            steps++;
            if (!Double.isNaN(answers)) {
                answerSum += answers;
                answerSteps++;
            }
            if (!Double.isNaN(retention)) {
                retentionSum += retention;
                retentionSteps++;
            }
            if (!Double.isNaN(inContext)) {
                inContextSum += inContext;
                inContextSteps++;
            }
            lastLoss = loss();
            lastAnswers = answers();
        }

        double inContext() {
            return inContextSum / Math.max(1, inContextSteps);
        }

        Metrics carry(Metrics previous) {
            lastLoss = previous.lastLoss;
            lastAnswers = previous.lastAnswers;
            return this;
        }

        double loss() {
            return lossSum / Math.max(1, steps);
        }

        double answers() {
            return answerSum / Math.max(1, answerSteps);
        }

        double retention() {
            return retentionSum / Math.max(1, retentionSteps);
        }
    }

    public static void main(String[] args) throws IOException {
        TrainConfig cfg = args.length > 0 && !args[0].isBlank() ? TrainConfig.load(Path.of(args[0]))
                : TrainConfig.defaults();
        Path out = Path.of(args.length > 1 ? args[1] : "target/train");
        Result r = new Trainer(cfg, out, System.out).run();
        System.out.printf("done: %d steps in %.1f min, loss %.3f, answers %.1f%% -> %s%n", r.steps(), r.minutes(),
                r.finalLoss(), 100 * r.finalAnswerAccuracy(), r.modelDir());
    }
}
