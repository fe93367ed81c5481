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
        TrainConfig cfg = TrainConfig.parse("""
                {"optimisation": {"steps": 10}, "curriculum": {"steps": 4},
                 "objectives": {"inContext": {"lmLossWeight": 1.0, "distractors": 1}}, "data": {"wordNoise": 0.3}}
                """, "test");
        Map<Integer, Double> curve = new LinkedHashMap<>(Map.of(1, 0.9));
        curve.put(2, 0.8);
        RetentionEval.Report eval = new RetentionEval.Report("m", 100, Map.of("HELDOUT_NAMES", curve),
                Map.of("HELDOUT_NAMES", 0.01), Map.of("HELDOUT_NAMES", 0.0), 0.9375, 12, RetentionEval.Unrelated.FACTS);

        ModelCard.write(dir, cfg, csv, 42.5, 3, eval, "./engram train --config c.json --out o --eval");
        String card = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("Curriculum: steps 1..4 read facts from the context only"), card);
        assertTrue(card.contains("Memory rows at sequential positions 1..N in pool order (the paper)"), card);
        // the shipped recipe's objectives, each with its options, in the order a step runs them
        String objectives = "  - `poolQuestion`: this step's fact asked from the pool after the update, "
                + "[survivors ; Δ].\n"
                + "  - `retention`: a fact injected 1..32 steps ago asked from the same pool.\n"
                + "  - `deltaOnly`: this step's fact asked from Δ alone, with probability 0.50.\n"
                + "  - `inContext`: the fact answered from its context (no memory), weight 0.50, plus a "
                + "language-model loss on every token of those rows, weight 1.00; in the memory steps the rows carry "
                + "1 other facts' contexts around the asked one, so the question has to be matched to its fact.\n";
        assertTrue(card.contains(objectives), card);
        assertTrue(card.contains("Wording noise: each fixed word of a training phrasing or question is replaced by a "
                + "random training-corpus word with probability 0.30"), card);
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
        assertTrue(staged.contains("which changes `data.wordNoise` 0.0 → 0.3, `optimisation.steps` 3000 → 10, "
                + "`curriculum.steps` 0 → 4, `objectives.inContext.lmLossWeight` 0.0 → 1.0, "
                + "`objectives.inContext.distractors` 0 → 1."), staged);

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
