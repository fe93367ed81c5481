package engram.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training configs in groups: the bundled recipe's values, named defaults, unknown keys refused by name. */
class TrainConfigTest {

    private static final Path BUNDLED = Path.of("..", "models", "engram-tiny");

    @Test
    void theBundledRecipeHoldsTheValuesTheModelWasTrainedWith() throws IOException {
        TrainConfig stage1 = TrainConfig.load(BUNDLED.resolve("train-config-stage1.json"));
        TrainConfig stage2 = TrainConfig.load(BUNDLED.resolve("train-config.json"));
        for (TrainConfig c : new TrainConfig[] {stage1, stage2}) {
            assertEquals(20261201L, c.seed());
            assertEquals(new TrainConfig.Model(128, 4, 4, 352, 2048, 16, 16, 1024, 0, false), c.model());
            assertEquals(20000, c.data().tokenizerSamples());
            assertArrayEquals(new int[] {16, 20, 24}, c.data().contextLengths());
            assertEquals(0.75, c.data().fillerBeforeProbability());
            assertEquals(0.3, c.data().wordNoise());
            assertEquals(new TrainConfig.Curriculum(2000, 32), c.curriculum());
            assertEquals(16, c.objectives().retention().maxAge());
            assertEquals(1.0, c.objectives().deltaOnly().probability());
            assertEquals(0.5, c.objectives().inContext().weight());
            assertEquals(1.0, c.objectives().inContext().lmLossWeight());
            assertEquals(1, c.objectives().inContext().distractors());
            assertTrue(c.experiments().isEmpty(), "no lab experiment in the bundled recipe");
            assertEquals(new TrainConfig.Run(25, 250, 0, 0, "cpu"), c.run());
        }
        assertEquals(new TrainConfig.Optimisation(16, 4500, 0.002, 0.01, 100, 1.0), stage1.optimisation());
        assertEquals(new TrainConfig.Optimisation(16, 5500, 0.002, 0.01, 100, 1.0), stage2.optimisation());
        assertEquals("`optimisation.steps` 4500 → 5500", ModelCard.changes(stage1, stage2), "the stages differ in that");
    }

    @Test
    void absentKeysTakeTheGroupsDefaults() {
        TrainConfig cfg = TrainConfig.parse("{\"optimisation\": {\"steps\": 7}, \"objectives\": {\"deltaOnly\": "
                + "{\"probability\": 1.0}}}", "test");
        assertEquals(new TrainConfig.Optimisation(16, 7, 2e-3, 0.01, 100, 1.0), cfg.optimisation());
        assertEquals(1.0, cfg.objectives().deltaOnly().probability());
        assertEquals(TrainConfig.Objectives.DEFAULTS.retention(), cfg.objectives().retention());
        assertEquals(TrainConfig.Model.DEFAULTS, cfg.model());
        assertEquals(TrainConfig.defaults().toJson(), TrainConfig.parse("{}", "empty").toJson());
        assertEquals(cfg.toJson(), TrainConfig.parse(cfg.toJson(), "round trip").toJson());
    }

    @Test
    void unknownKeysAreRefusedByNameWithTheKnownOnes() {
        IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("{\"sead\": 1}", "c.json"));
        assertTrue(top.getMessage().startsWith("c.json: unknown training option 'sead' (known: [seed, model, data, "
                + "optimisation, curriculum, objectives, experiments, run])"), top.getMessage());

        IllegalArgumentException inGroup = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("{\"objectives\": {\"deltaOnly\": {\"p\": 1}}}", "c.json"));
        assertTrue(inGroup.getMessage().contains("unknown training option 'objectives.deltaOnly.p' (known in "
                + "objectives.deltaOnly: [probability])"), inGroup.getMessage());

        // a key of the flat shape the configs had before they were grouped: where it went
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("{\"gradClip\": 1}", "old.json"));
        assertTrue(flat.getMessage().endsWith("did you mean 'optimisation.gradClip'?"), flat.getMessage());

        IllegalArgumentException notAGroup = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("{\"run\": 3}", "c.json"));
        assertTrue(notAGroup.getMessage().contains("'run' is a group"), notAGroup.getMessage());
    }

    @Test
    void anExperimentNoExtensionRegistersIsRefused() {
        // the train module registers none: the lab's are on the tools' classpath, not here
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.parse("{\"experiments\": {\"shuffledBlocks\": {}}}", "c.json"));
        assertEquals("c.json: unknown experiment 'shuffledBlocks' (registered: [])", e.getMessage());
    }
}
