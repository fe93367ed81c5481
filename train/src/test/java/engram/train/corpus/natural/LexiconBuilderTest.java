package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed lexicon is what the builder makes from the Debian packages. Runs only where the packages are
 * installed (the build machine of the resources); elsewhere it is skipped, as the build needs only the committed
 * files.
 */
class LexiconBuilderTest {

    @TempDir
    Path out;

    @Test
    void rebuildingFromTheDebianPackagesGivesTheCommittedFiles() throws IOException {
        Path wordNet = Path.of("/usr/share/wordnet");
        Path dict = Path.of("/usr/share/dict");
        Path misc = Path.of("/usr/share/misc");
        assumeTrue(Files.exists(wordNet.resolve("data.noun")) && Files.exists(dict.resolve("american-english-large"))
                && Files.exists(misc.resolve("cities.dat.gz")), "Debian word lists not installed");
        new LexiconBuilder(wordNet, dict, misc).write(out);
        for (String name : List.of("nouns.tsv", "verbs.tsv", "adjectives.tsv", "adverbs.tsv", "first-names.txt",
                "surnames.txt", "cities.tsv", "countries.tsv", "currencies.tsv", "glosses.txt")) {
            try (InputStream committed = Lexicon.class.getResourceAsStream("lexicon/" + name)) {
                assertArrayEquals(committed.readAllBytes(), Files.readAllBytes(out.resolve(name)), name);
            }
        }
    }
}
