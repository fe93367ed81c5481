package engram.topology.testing;

import engram.engine.tokenizer.ByteLevelBpeFixture;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;
import engram.topology.engine.EncodedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Real tokenizers and recording engines for topology tests. */
public final class TestEngines {

    private static Path tokenizerFile;

    private TestEngines() {}

    /** The byte-level BPE fixture, loaded with the engine's real tokenizer (about one token per byte). */
    public static synchronized Tokenizer tokenizer() {
        try {
            if (tokenizerFile == null) {
                Path dir = Files.createTempDirectory("engram-topology-tokenizer");
                dir.toFile().deleteOnExit();
                tokenizerFile = ByteLevelBpeFixture.write(dir);
                tokenizerFile.toFile().deleteOnExit();
            }
            return Tokenizer.load(tokenizerFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tokenizer} as an engine's encoder (what a chunker is given). */
    public static Function<String, EncodedText> encoder(Tokenizer tokenizer) {
        return text -> {
            Encoding encoding = tokenizer.encode(text);
            return new EncodedText(encoding.ids(), encoding.charStart(), encoding.charEnd());
        };
    }

    /** Limits like the published models' (512-token updates, 16-token minimum), 64 new tokens. */
    public static RecordingMemoryEngine recording() {
        return new RecordingMemoryEngine(tokenizer(), 512, 16, 64);
    }

    public static RecordingMemoryEngine recording(int maxChunkTokens, int minChunkTokens, int maxNewTokens) {
        return new RecordingMemoryEngine(tokenizer(), maxChunkTokens, minChunkTokens, maxNewTokens);
    }
}
