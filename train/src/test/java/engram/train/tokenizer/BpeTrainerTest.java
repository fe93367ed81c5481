package engram.train.tokenizer;

import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;
import engram.train.corpus.CorpusGenerator;
import engram.train.corpus.QuestionAnswer;
import engram.train.corpus.Split;
import engram.train.corpus.TokenizerCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTrainerTest {

    private static final int VOCAB = 1024;
    private static final int SAMPLES = 3000;

    @TempDir
    static Path dir;
    static List<String> corpus;
    static BpeModel model;
    static Tokenizer tokenizer;

    @BeforeAll
    static void trainOnTheSyntheticCorpus() throws IOException {
        corpus = new ArrayList<>();
        TokenizerCorpus.feed(1, SAMPLES, corpus::add);
        model = train(corpus);
        tokenizer = Tokenizer.load(model.write(dir));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void learnsTheKnownMergesOfASmallText() {
        BpeTrainer trainer = new BpeTrainer().add("hug hug hug pug pun bun");
        BpeModel small = trainer.train(300, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> { });
        // counts: "u g" 4, then "h ug" 3, then three pairs at 2 in spelling order ("u" < "Ġ", "hug" < "p");
        // pairs seen once are not merged
        assertEquals(List.of("u g", "h ug", "u n", "Ġ hug", "Ġ p"), small.merges());
        assertEquals(256 + 5 + 2, small.vocabSize());
        assertEquals("Ġhug", small.tokens().get(259));
        assertEquals(261, small.idOf("<|endoftext|>"));
    }

    @Test
    void fileLoadsWithTheRequestedVocabularyAndSpecialTokens() {
        assertEquals(VOCAB, tokenizer.vocabSize());
        assertEquals(Map.of("<|endoftext|>", VOCAB - 2, "<|pad|>", VOCAB - 1), tokenizer.specialTokens());
        assertEquals(VOCAB - 2, model.idOf("<|endoftext|>"));
        // byte symbols keep their byte values as ids
        assertEquals(0x41, tokenizer.idOf("A").orElseThrow());
        assertEquals(0x20, tokenizer.idOf("Ġ").orElseThrow());
    }

    @Test
    void commonCorpusWordsAreSingleTokens() {
        for (String word : List.of("Question", ":", " Answer", " the", " CEO", " acquired", " bought", " company",
                " founded", " favourite", " Who", " Where", " Monday", " people", " launched")) {
            int[] ids = tokenizer.encode(word).ids();
            assertEquals(1, ids.length, "'" + word + "' took " + ids.length + " tokens");
            assertEquals(ByteLevel.spell(word), model.tokens().get(ids[0]));
        }
    }

    @Test
    void corpusTextIsCompressedAndRoundTrips() {
        long tokens = 0;
        long chars = 0;
        for (String text : corpus.subList(0, 600)) {
            Encoding encoding = tokenizer.encode(text);
            assertEquals(text, tokenizer.decode(encoding.ids()));
            tokens += encoding.size();
            chars += text.length();
        }
        assertTrue(chars / (double) tokens > 3.0, "only " + chars / (double) tokens + " chars per token");
    }

    @Test
    void promptAndTargetTokenizeTheSameApartAndTogether() {
        // the trainer puts the loss on the target tokens: they must be the same tokens in the joined text
        CorpusGenerator generator = new CorpusGenerator(2, Split.HELDOUT_TEMPLATES);
        for (int i = 0; i < 300; i++) {
            QuestionAnswer qa = generator.nextSample().question();
            int[] prompt = tokenizer.encode(qa.prompt()).ids();
            int[] target = tokenizer.encode(qa.target()).ids();
            int[] joined = tokenizer.encode(qa.prompt() + qa.target()).ids();
            int[] concatenated = Arrays.copyOf(prompt, prompt.length + target.length);
            System.arraycopy(target, 0, concatenated, prompt.length, target.length);
            assertArrayEquals(concatenated, joined, qa.prompt() + qa.target());
        }
    }

    @Test
    void anyUnicodeTextRoundTrips() {
        List<String> texts = new ArrayList<>(List.of(
                "", " ", "  leading and trailing  ", "tabs\tand\nnew\r\nlines\n\n",
                "naïve café, Ærøskøbing, Łódź, İstanbul",
                "emoji 😀👍🏽 and a family 👨‍👩‍👧‍👦 and a flag 🇳🇿",
                "中文文本，日本語のテキスト、한국어 텍스트",
                "control \u0000\u0001\u001f\u007f\u0085 chars", "combining e\u0301 and a\u0308",
                "right-to-left שלום עולם مرحبا", "math ∑∫√∞ ≠ ≤ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
                "zero\u200bwidth\u2060joiners and nbsp\u00a0here", "numbers 3.14159 and 1,000,000 and ١٢٣",
                "Velora Dynamics named Tamsin Okafor as chief executive on Monday.", "'s 're 've 'm 'll 'd", "    "));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            while (text.length() < length) {
                int codePoint = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF + 1);
                if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                    continue; // not a Unicode scalar value: no Java string can hold it unpaired in UTF-8
                }
                text.appendCodePoint(codePoint);
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            int[] ids = tokenizer.encode(text).ids();
            for (int id : ids) {
                assertTrue(id >= 0 && id < VOCAB - 2, "id " + id + " for " + text);
            }
            assertEquals(text, tokenizer.decode(ids), "round trip of " + escape(text));
        }
    }

    @Test
    void nativeTokensNeverCrossTheWordsTheTrainerCounted() {
        // the trainer's GPT-2 regex must split text as the native ByteLevel pre-tokenizer does, or merges are
        // learned on words the tokenizer never sees
        List<String> texts = new ArrayList<>(corpus.subList(0, 300));
        texts.addAll(List.of("tabs\tand\n\nnew  lines   here \u00a0nbsp\u2003em space", "it's we're I'll 3.5kg",
                "emoji 😀👍🏽 中文文本 ١٢٣ e\u0301", "a\u2028line\u2029separators\u0085next"));
        for (String text : texts) {
            Set<Integer> boundaries = new HashSet<>();
            int offset = 0;
            for (String word : ByteLevel.words(text)) {
                assertEquals(offset, text.indexOf(word, offset), "words must tile the text: " + escape(text));
                offset += word.length();
                boundaries.add(offset);
            }
            assertEquals(text.length(), offset, "words must cover the text: " + escape(text));
            Encoding encoding = tokenizer.encode(text);
            for (int i = 0; i < encoding.size(); i++) {
                for (int inside = encoding.charStart()[i] + 1; inside < encoding.charEnd()[i]; inside++) {
                    assertTrue(!boundaries.contains(inside), "token " + i + " crosses a word boundary at " + inside
                            + " in " + escape(text));
                }
            }
        }
    }

    @Test
    void mergesDependOnlyOnTheTextAndVocabularySize() {
        List<String> reversed = new ArrayList<>(corpus);
        Collections.reverse(reversed);
        // same word counts in another order, other hash-map histories: the same file, byte for byte
        assertEquals(model.toJson(), train(reversed).toJson());
    }

    @Test
    void neverLearnsASpecialTokensSpellingAsAnOrdinaryToken() {
        // vocabulary keys are byte-level spellings and special tokens are raw text: " pad" is spelled "Ġpad"
        BpeTrainer trainer = new BpeTrainer();
        for (int i = 0; i < 50; i++) {
            trainer.add("a pad");
        }
        BpeModel small = trainer.train(400, List.of("Ġpad"), line -> { });
        assertEquals(1, small.tokens().stream().filter("Ġpad"::equals).count());
        assertEquals(small.vocabSize() - 1, small.tokens().indexOf("Ġpad"));
        assertEquals(List.of("a d", "p ad"), small.merges(), "\"Ġ pad\" would spell the special token");
    }

    @Test
    void rejectsAVocabularyTooSmallForTheByteAlphabet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BpeTrainer().add("x").train(257, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> { }));
        assertTrue(e.getMessage().contains("256 byte symbols"), e.getMessage());
    }

    private static BpeModel train(List<String> texts) {
        BpeTrainer trainer = new BpeTrainer();
        texts.forEach(trainer::add);
        return trainer.train(VOCAB, BpeTrainer.DEFAULT_SPECIAL_TOKENS, line -> { });
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u{%x}", c)
                : String.valueOf((char) c)));
        return out.toString();
    }
}
