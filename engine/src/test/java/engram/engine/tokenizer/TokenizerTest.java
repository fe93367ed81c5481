package engram.engine.tokenizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;

import static engram.engine.tokenizer.ByteLevelBpeFixture.BOS;
import static engram.engine.tokenizer.ByteLevelBpeFixture.BOS_ID;
import static engram.engine.tokenizer.ByteLevelBpeFixture.EOS;
import static engram.engine.tokenizer.ByteLevelBpeFixture.EOS_ID;
import static engram.engine.tokenizer.ByteLevelBpeFixture.EOT;
import static engram.engine.tokenizer.ByteLevelBpeFixture.EOT_ID;
import static engram.engine.tokenizer.ByteLevelBpeFixture.HELLO_ID;
import static engram.engine.tokenizer.ByteLevelBpeFixture.SPACE_WORLD_ID;
import static engram.engine.tokenizer.ByteLevelBpeFixture.VOCAB_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @TempDir
    static Path dir;
    static Path tokenizerJson;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizerJson = ByteLevelBpeFixture.write(dir);
        tokenizer = Tokenizer.load(tokenizerJson);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesWithTheMergesAndReportsCharOffsets() {
        Encoding encoding = tokenizer.encode("hello world");
        assertArrayEquals(new int[] {HELLO_ID, SPACE_WORLD_ID}, encoding.ids());
        assertArrayEquals(new int[] {0, 5}, encoding.charStart());
        assertArrayEquals(new int[] {5, 11}, encoding.charEnd());
        assertEquals(2, encoding.size());
    }

    @Test
    void addsNoSpecialTokensEvenThoughThePostProcessorWould() {
        // the fixture's post-processor prepends BOS when special tokens are requested
        assertArrayEquals(new int[] {HELLO_ID}, tokenizer.encode("hello").ids());
        assertEquals(0, tokenizer.encode("").size());
    }

    @Test
    void specialTokenTextInTheInputBecomesTheSpecialTokenAsInHuggingFace() {
        int[] ids = tokenizer.encode("hello" + EOT).ids();
        assertArrayEquals(new int[] {HELLO_ID, EOT_ID}, ids);
    }

    @Test
    void longTextIsNotTruncated() {
        String text = "hello world, facts go here; ".repeat(500);
        Encoding encoding = tokenizer.encode(text);
        assertTrue(encoding.size() > 5000, "expected > 5000 tokens, got " + encoding.size());
        assertEquals(text.length(), encoding.charEnd()[encoding.size() - 1], "last token ends at the end of the text");
        assertEquals(text, tokenizer.decode(encoding.ids()));
    }

    @Test
    void asciiOffsetsTileTheText() {
        String text = "Paris is the capital of France.\n  Tabs\tand 42 numbers! hello   world";
        Encoding encoding = tokenizer.encode(text);
        StringBuilder concatenated = new StringBuilder();
        for (int i = 0; i < encoding.size(); i++) {
            assertEquals(concatenated.length(), encoding.charStart()[i], "token " + i + " starts where the last ended");
            concatenated.append(text, encoding.charStart()[i], encoding.charEnd()[i]);
        }
        assertEquals(text, concatenated.toString());
    }

    @Test
    void emojiAndAccentsRoundTripAndOffsetsAreUtf16() {
        String text = "héllo 😀 wörld, naïve café 👩‍🔬";
        Encoding encoding = tokenizer.encode(text);
        assertEquals(text, tokenizer.decode(encoding.ids()));

        // byte-level tokens that split one character share its range; distinct ranges still tile the text
        StringBuilder concatenated = new StringBuilder();
        int previousEnd = 0;
        for (int i = 0; i < encoding.size(); i++) {
            int start = encoding.charStart()[i];
            int end = encoding.charEnd()[i];
            assertTrue(0 <= start && start < end && end <= text.length(), "range of token " + i);
            if (start >= previousEnd) {
                assertEquals(previousEnd, start);
                concatenated.append(text, start, end);
                previousEnd = end;
            } else {
                assertEquals(previousEnd, end, "a shared range repeats the previous one");
            }
        }
        assertEquals(text, concatenated.toString());

        // "😀" is 2 UTF-16 chars: the token after it starts at char 3, not code point 2
        Encoding afterEmoji = tokenizer.encode("a😀b");
        int last = afterEmoji.size() - 1;
        assertEquals(3, afterEmoji.charStart()[last]);
        assertEquals(4, afterEmoji.charEnd()[last]);
        assertEquals(1, afterEmoji.charStart()[1]);
        assertEquals(3, afterEmoji.charEnd()[1]);
    }

    @Test
    void decodeSkipsSpecialTokensAndDecodeWithSpecialKeepsThem() {
        int[] ids = {BOS_ID, HELLO_ID, SPACE_WORLD_ID, EOT_ID};
        assertEquals("hello world", tokenizer.decode(ids));
        assertEquals(BOS + "hello world" + EOT, tokenizer.decodeWithSpecial(ids));
    }

    @Test
    void vocabularyAndSpecialTokensComeFromTheFile() {
        assertEquals(VOCAB_SIZE, tokenizer.vocabSize());
        assertEquals(OptionalInt.of(SPACE_WORLD_ID), tokenizer.idOf("Ġworld"));
        assertEquals(OptionalInt.of('a'), tokenizer.idOf("a"));
        assertEquals(OptionalInt.of(EOT_ID), tokenizer.idOf(EOT));
        assertEquals(OptionalInt.empty(), tokenizer.idOf("world"), "vocabulary spelling has no plain 'world'");
        assertEquals(Map.of(BOS, BOS_ID, EOS, EOS_ID, EOT, EOT_ID), tokenizer.specialTokens());
    }

    @Test
    void idNamesTheExactFileBytes() throws Exception {
        String expected = "sha256:" + HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tokenizerJson)))
                .substring(0, 16);
        assertEquals(expected, tokenizer.id());
        try (Tokenizer fromDirectory = Tokenizer.load(dir)) {
            assertEquals(tokenizer.id(), fromDirectory.id(), "same file, same id");
        }
        Path edited = Files.createDirectory(dir.resolve("edited"));
        Files.writeString(edited.resolve("tokenizer.json"), ByteLevelBpeFixture.json() + "\n");
        try (Tokenizer other = Tokenizer.load(edited)) {
            assertNotEquals(tokenizer.id(), other.id(), "one extra byte, different id");
        }
    }

    @Test
    void outOfVocabularyIdIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.decode(new int[] {HELLO_ID, VOCAB_SIZE}));
        assertTrue(e.getMessage().contains("token id " + VOCAB_SIZE) && e.getMessage().contains("position 1"),
                e.getMessage());
    }

    @Test
    void missingOrBrokenTokenizerIsReported() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> Tokenizer.load(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(broken));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
