package engram.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.train.eval.RetentionEval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card is written from the run's records: every figure in it comes from the config, the log or the eval. */
class ModelCardTest {

    @TempDir
    Path dir;

    @Test
    void theCardStatesTheCurriculumTheRetentionRatiosAndTheIntegrityRunWhenThereIsOne() throws IOException {
        Path csv = dir.resolve("loss.csv");
        Files.writeString(csv, "step,loss,answer_accuracy,retention_accuracy,seconds,in_context_accuracy\n"
                + "10,3.5,0.6100,0.1200,60.0,0.8800\n");
        TrainConfig base = TrainConfig.defaults();
        TrainConfig cfg = new TrainConfig(base.seed(), base.hiddenSize(), base.layers(), base.heads(),
                base.intermediateSize(), base.vocabSize(), base.numTokens(), base.numBlocks(), base.maxPositions(),
                base.tokenizerSamples(), base.contextLengths(), base.fillerBeforeProbability(), base.streams(), 10,
                base.learningRate(), base.weightDecay(), base.warmupSteps(), base.gradClip(),
                base.deltaOnlyProbability(), base.maxRetentionAge(), 1.0, 0.5, 4, 32, 1, 0.0, 16, 0.75, 0.3, 0.25, true, 0.4, 0.6,
                base.logEvery(),
                base.checkpointEvery(), 0, 0, "cpu");
        Map<Integer, Double> curve = new LinkedHashMap<>(Map.of(1, 0.9));
        curve.put(2, 0.8);
        RetentionEval.Report eval = new RetentionEval.Report("m", 100, Map.of("HELDOUT_NAMES", curve),
                Map.of("HELDOUT_NAMES", 0.01), Map.of("HELDOUT_NAMES", 0.0), 0.9375, 12, RetentionEval.Unrelated.FACTS);

        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "./engram train --config c.json --out o --eval");
        String card = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("Curriculum: steps 1..4 read facts from the context only"), card);
        assertTrue(card.contains("Memory rows at sequential positions 1..N in pool order (the paper)"), card);
        assertTrue(card.contains("Shuffled reading: with probability 0.75"), card);
        assertTrue(card.contains("Answer-row loss: with probability 0.40"), card);
        assertTrue(card.contains("Layer loss: with probability 0.60"), card);
        assertTrue(card.contains("Wording noise: each fixed word of a training phrasing or question is replaced by a "
                + "random training-corpus word with probability 0.30"), card);
        assertTrue(card.contains("Redundant writes: the questions of each step's fact (from Δ alone and from the "
                + "full pool) read only 4..16 of its 16 rows"), card);
        assertTrue(card.contains("Wall time 42.5 min"), card);
        assertTrue(card.contains("3 step(s) skipped"), card);
        assertTrue(card.contains("0.8800 in context"), card);
        assertTrue(card.contains("| HELDOUT_NAMES | 2 | 0.800 | 0.844 | 0.95 |"), card);
        assertTrue(card.contains("Step-1 accuracy 0.900 against a no-memory baseline of 0.010"), card);
        assertFalse(card.contains("## Integrity"), "no integrity run, no section");
        assertFalse(card.contains("Falls short"), "0.8 / 0.844 = 0.95 of the bound: nothing falls short");

        curve.put(5, 0.2);
        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "x");
        assertTrue(Files.readString(dir.resolve("MODEL_CARD.md")).contains("retention at t = 5: 0.29 of the bound"));
        curve.remove(5);

        curve.put(1, 0.85);
        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "x");
        assertTrue(Files.readString(dir.resolve("MODEL_CARD.md"))
                .contains("held-out names: step-1 accuracy 0.85 (target 0.90)"));
        curve.put(1, 0.9);

        ModelCard.write(dir, base, cfg, csv, 42.5, 3, eval, "x");
        String staged = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertTrue(staged.contains("Two stages: steps 1..3000 with the first config (of its 3000-step learning-rate schedule), then steps 3001..10"), staged);
        assertTrue(staged.contains("`inContextDistractors` 0 → 1"), staged);
        assertTrue(staged.contains("in-context rows carry 1 other facts' contexts"), staged);

        Files.writeString(dir.resolve("integrity.md"), "Integrity over 100,000 consecutive updates\n");
        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "x");
        assertTrue(Files.readString(dir.resolve("MODEL_CARD.md")).contains("## Integrity\n\nIntegrity over 100,000"));
        assertFalse(Files.readString(dir.resolve("MODEL_CARD.md")).contains("## Reproduction"));

        Files.writeString(dir.resolve("reproduction.md"), "A second run from the command above: step-1 0.90\n");
        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "x");
        String reproduced = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertTrue(reproduced.indexOf("## Reproduction\n\nA second run") > reproduced.indexOf("## Integrity"),
                reproduced);
    }
}
