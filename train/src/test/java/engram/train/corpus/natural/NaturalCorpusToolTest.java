package engram.train.corpus.natural;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import engram.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NaturalCorpusToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final NaturalCorpusTool tool = new NaturalCorpusTool(new PrintStream(printed, true,
            StandardCharsets.UTF_8));

    @Test
    void writesSamplesOfEverySplitATokenizerAndStatistics() throws IOException {
        tool.run(new String[] {"build", dir.toString(), "--sample-items", "10", "--tokenizer-items", "300",
                "--vocab", "700", "--stat-items", "40"});
        List<String> lines = Files.readAllLines(dir.resolve("natural-sample.jsonl"), StandardCharsets.UTF_8);
        assertEquals(30, lines.size());
        Set<String> splits = new TreeSet<>();
        for (String line : lines) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject();
            splits.add(row.get("split").getAsString());
            String text = row.get("text").getAsString();
            for (JsonElement e : row.getAsJsonArray("questions")) {
                JsonObject q = e.getAsJsonObject();
                assertEquals(q.get("answer").getAsString(), text.substring(q.get("answerStart").getAsInt(),
                        q.get("answerEnd").getAsInt()));
            }
        }
        assertEquals(Set.of("TRAIN", "HELDOUT_NAMES", "NATURAL_HELDOUT"), splits);
        try (Tokenizer tokenizer = Tokenizer.load(dir)) {
            assertEquals(700, tokenizer.vocabSize());
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("NATURAL_HELDOUT tokens: item mean"), output);
        assertTrue(output.contains("fits 64:") && output.contains("question forms (train/held out)"), output);
    }

    @Test
    void rejectsUnknownOptions() {
        assertThrows(IllegalArgumentException.class, () -> tool.run(new String[] {"build", dir.toString(),
                "--items", "3"}));
        assertThrows(IllegalArgumentException.class, () -> tool.run(new String[] {"sample", dir.toString()}));
    }
}
