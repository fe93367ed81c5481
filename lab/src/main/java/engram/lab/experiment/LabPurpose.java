package engram.lab.experiment;

import engram.train.StepRandom;

/**
 * The draws of the lab's experiments, each from its own {@link StepRandom} generator. The numbers are those the
 * experiments drew from when they lived in the trainer (its purposes 5..11): keep them, or a rerun of a notebook
 * entry draws differently.
 */
enum LabPurpose {
    AGED_WRITE(5), SHUFFLED_BLOCKS(6), DELTA_KEEP(7), DELTA_KEEP_ROWS(8), DELTA_KEEP_POOL(9), ANSWER_ROW_LOSS(10),
    LAYER_LOSS(11);

    final int id;

    LabPurpose(int id) {
        this.id = id;
    }

    java.util.Random random(long seed, long step) {
        return StepRandom.of(seed, id, step);
    }

    long seed(long seed, long step) {
        return StepRandom.seed(seed, id, step);
    }
}
