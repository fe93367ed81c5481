package engram.train;

import engram.train.corpus.Corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The corpus a model folder was trained on, as its {@code train-config.json} records it. */
public final class ModelCorpus {

    private ModelCorpus() {
    }

    /** {@code data.corpus} of the folder's training config; the phrasebook when the folder has none (a model trained
     * elsewhere, or before the natural corpus existed). */
    public static Corpus of(Path modelDir) throws IOException {
        Path config = modelDir.resolve("train-config.json");
        return Files.isRegularFile(config) ? TrainConfig.load(config).data().source() : Corpus.PHRASEBOOK;
    }
}
