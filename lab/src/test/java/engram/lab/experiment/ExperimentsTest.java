package engram.lab.experiment;

import engram.train.ModelCard;
import engram.train.StepRandom;
import engram.train.TinyTraining;
import engram.train.TrainConfig;
import engram.train.objective.Recipe;
import engram.train.objective.RecipePart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's experiments as the trainer finds them (ServiceLoader): named in a config's {@code experiments}, checked
 * when it is read, placed in the recipe, described in the card, and trained like the shipped objectives (a resumed
 * run equals an uninterrupted one).
 */
class ExperimentsTest {

    private static final String ALL_FIVE = """
            {"redundantWrites": {"keepMin": 0.5, "inPool": true}, "answerRowLoss": {"probability": 0.5},
             "layerLoss": {"probability": 0.5}, "agedWrites": {"weight": 0.5, "maxAge": 3},
             "shuffledBlocks": {"probability": 0.5}}""";

    @TempDir
    Path dir;

    @Test
    void theExperimentsJoinTheRecipeInTheirOrder() {
        assertEquals(List.of("redundantWrites", "answerRowLoss", "layerLoss", "agedWrites", "shuffledBlocks"),
                List.copyOf(Recipe.extensions().keySet()));
        // the config lists them in another order: the recipe's order is the registration order
        TrainConfig cfg = TinyTraining.config(4, 0, """
                {"shuffledBlocks": {}, "agedWrites": {}, "layerLoss": {}, "answerRowLoss": {}, "redundantWrites": {}}
                """);
        assertEquals(List.of("poolQuestion", "retention", "deltaOnly", "agedWrites", "inContext", "redundantWrites",
                "answerRowLoss", "layerLoss", "shuffledBlocks"),
                Recipe.of(cfg).parts().stream().map(RecipePart::name).toList());
    }

    @Test
    void theExperimentsDrawWithTheNumbersTheyHadInsideTheTrainer() {
        // StepRandom.Purpose at eead0e1: DATA .. DISTRACTORS (0..4, still the trainer's), then these, in this order
        assertEquals(StepRandom.FIRST_EXTENSION_PURPOSE, LabPurpose.AGED_WRITE.id);
        assertEquals(List.of(5, 6, 7, 8, 9, 10, 11), Arrays.stream(LabPurpose.values()).map(p -> p.id).toList());
        assertEquals(List.of("AGED_WRITE", "SHUFFLED_BLOCKS", "DELTA_KEEP", "DELTA_KEEP_ROWS", "DELTA_KEEP_POOL",
                "ANSWER_ROW_LOSS", "LAYER_LOSS"), Arrays.stream(LabPurpose.values()).map(Enum::name).toList());
    }

    @Test
    void anExperimentsOptionsAreCheckedWhenTheConfigIsRead() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TinyTraining.config(4, 0, "{\"layerLoss\": {\"probabilty\": 0.5}}"));
        assertTrue(unknown.getMessage().contains("unknown training option 'experiments.layerLoss.probabilty' (known "
                + "in experiments.layerLoss: [probability])"), unknown.getMessage());
        IllegalArgumentException unregistered = assertThrows(IllegalArgumentException.class,
                () -> TinyTraining.config(4, 0, "{\"dropout\": {}}"));
        assertTrue(unregistered.getMessage().contains("unknown experiment 'dropout' (registered: [redundantWrites, "
                + "answerRowLoss, layerLoss, agedWrites, shuffledBlocks])"), unregistered.getMessage());
    }

    @Test
    void theCardDescribesEachExperimentWithItsOptions() throws IOException {
        Path csv = dir.resolve("loss.csv");
        Files.writeString(csv, "step,loss,answer_accuracy,retention_accuracy,seconds,in_context_accuracy\n"
                + "10,3.5,0.6100,0.1200,60.0,0.8800\n");
        TrainConfig cfg = TrainConfig.parse("""
                {"experiments": {"redundantWrites": {"inPool": true}, "answerRowLoss": {"probability": 0.4},
                 "layerLoss": {"probability": 0.6}, "agedWrites": {}, "shuffledBlocks": {"probability": 0.75}}}
                """, "test");
        ModelCard.write(dir, cfg, csv, 1, 0, null, "x");
        String card = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("  - `redundantWrites` (lab): the questions of each step's fact (from Δ alone and "
                + "from the full pool) read only 4..16 of its 16 rows per layer and stream"), card);
        assertTrue(card.contains("  - `answerRowLoss` (lab): with probability 0.40"), card);
        assertTrue(card.contains("  - `layerLoss` (lab): with probability 0.60"), card);
        assertTrue(card.contains("  - `agedWrites` (lab), weight 0.50: each step's facts are asked again from a copy "
                + "of the updated pool aged by 1..15 simulated later updates"), card);
        assertTrue(card.contains("  - `shuffledBlocks` (lab): with probability 0.75 a question row reads its pool "
                + "with the 16 blocks of 16 rows in random order"), card);
    }

    @Test
    void aResumedRunWithEveryExperimentEqualsAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        String log = TinyTraining.run(TinyTraining.config(4, 0, ALL_FIVE), straight);
        assertTrue(log.contains("step     4/4"), log);
        Path resumed = dir.resolve("resumed");
        TinyTraining.run(TinyTraining.config(4, 2, ALL_FIVE), resumed);
        assertTrue(TinyTraining.run(TinyTraining.config(4, 0, ALL_FIVE), resumed).contains("resumed from"));
        TinyTraining.assertSameModel(straight, resumed);
    }
}
