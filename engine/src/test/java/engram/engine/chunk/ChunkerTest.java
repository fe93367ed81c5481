package engram.engine.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.engine.tokenizer.ByteLevelBpeFixture;
import engram.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkerTest {

    private static Tokenizer tokenizer;

    @TempDir
    static Path dir;

    @BeforeAll
    static void loadTokenizer() throws IOException {
        tokenizer = Tokenizer.load(ByteLevelBpeFixture.write(dir));
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    private static Chunker chunker(int max, int min) {
        return new Chunker(tokenizer::encode, max, min);
    }

    @Test
    void shortTextIsOneChunkWithItsOwnEncoding() {
        List<Chunk> chunks = chunker(512, 16).chunk("hello world. Short news.");
        assertEquals(1, chunks.size());
        assertEquals("hello world. Short news.", chunks.get(0).text());
        assertArrayEquals(tokenizer.encode("hello world. Short news.").ids(), chunks.get(0).tokenIds());
    }

    @Test
    void longProseIsCutAtSentenceOrParagraphEndsWithinTheLimit() {
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        for (int paragraph = 0; paragraph < 12; paragraph++) {
            int sentences = 2 + random.nextInt(6);
            for (int s = 0; s < sentences; s++) {
                text.append("Sentence ").append(paragraph).append('.').append(s)
                        .append(" says that the harbour of Velmora opened ").append(random.nextInt(1000))
                        .append(" new berths").append(s % 3 == 0 ? "!" : ".").append(s + 1 < sentences ? " " : "");
            }
            text.append("\n\n");
        }
        List<Chunk> chunks = assertInvariants(text.toString(), 128, 16);
        assertTrue(chunks.size() > 5, "expected several chunks, got " + chunks.size());
        for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
            String t = chunk.text();
            assertTrue(t.endsWith("\n\n") || t.endsWith(".") || t.endsWith("!"),
                    "chunk should end at a paragraph or sentence end: ..." + t.substring(Math.max(0, t.length() - 30)));
        }
        // the next chunk starts where the sentence's following space is, never mid-word
        for (Chunk chunk : chunks.subList(1, chunks.size())) {
            char first = chunk.text().charAt(0);
            assertTrue(first == ' ' || first == 'S', "chunk starts mid-sentence: " + chunk.text().substring(0, 20));
        }
    }

    @Test
    void paragraphBreakIsPreferredOverALaterSentenceEnd() {
        String first = "First paragraph sentence one. Sentence two is here.\n\n";
        String second = "Second paragraph has a sentence. And another one that runs on for a while more.";
        List<Chunk> chunks = assertInvariants(first + second, 100, 4);
        assertEquals(first, chunks.get(0).text());
    }

    @Test
    void textWithoutSpacesIsCutAtTokenBoundariesNeverInsideACharacter() {
        StringBuilder text = new StringBuilder();
        String[] pieces = {"é", "ß", "漢字", "😀", "👩‍💻", "a", "🇫🇷", "ü"};
        Random random = new Random(3);
        for (int i = 0; i < 600; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        List<Chunk> chunks = assertInvariants(text.toString(), 64, 8);
        assertTrue(chunks.size() > 10);
    }

    @Test
    void noShortTailWhenTheRestWouldBeTiny() {
        String words = "alpha ".repeat(23); // 138 bytes; about 138 tokens with the byte-level fixture
        int total = tokenizer.encode(words).size();
        List<Chunk> chunks = assertInvariants(words, total - 3, 16);
        assertEquals(2, chunks.size());
        assertTrue(chunks.get(1).tokenIds().length >= 16,
                "tail has " + chunks.get(1).tokenIds().length + " tokens");
    }

    @Test
    void randomTextsKeepEveryInvariant() {
        Random random = new Random(42);
        String alphabet = "abcdefghij klmnop.\n!?é漢😀\"')";
        for (int round = 0; round < 40; round++) {
            int length = 1 + random.nextInt(3000);
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
                text.appendCodePoint(cp);
            }
            int max = 8 + random.nextInt(200);
            assertInvariants(text.toString(), max, Math.min(16, max / 2));
        }
    }

    @Test
    void emptyTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> chunker(512, 16).chunk(""));
    }

    /** Concatenation gives back the input, limits hold, no character split, ids are each chunk's own encoding. */
    private static List<Chunk> assertInvariants(String text, int max, int min) {
        List<Chunk> chunks = chunker(max, min).chunk(text);
        StringBuilder joined = new StringBuilder();
        for (Chunk chunk : chunks) {
            assertFalse(chunk.text().isEmpty(), "empty chunk");
            assertTrue(chunk.tokenIds().length <= max, chunk.tokenIds().length + " tokens > " + max);
            assertArrayEquals(tokenizer.encode(chunk.text()).ids(), chunk.tokenIds(),
                    "ids must be the chunk's own encoding");
            assertTrue(isWellFormedUtf16(chunk.text()), "chunk splits a character: " + chunk.text());
            joined.append(chunk.text());
        }
        assertEquals(text, joined.toString(), "concatenating the chunks must give back the input");
        return chunks;
    }

    private static boolean isWellFormedUtf16(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(s));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
