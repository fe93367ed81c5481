package engram.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer (tokenizer.json) as MemoryLLM needs it: raw token ids of a text with char offsets,
 * never truncated, never padded, never with BOS/EOS added — the model decides where special tokens go. DJL's
 * defaults would silently truncate at 512 tokens (stack-notes §3), which for knowledge ingestion means silently
 * losing facts; the options below turn that off and {@link #load} verifies it did.
 */
public final class Tokenizer implements AutoCloseable {

    private static final String FILE_NAME = "tokenizer.json";
    private static final Map<String, String> RAW_OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false",
            "modelMaxLength", "1000000000");

    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerFile file;
    private final String id;
    private final Path path;

    private Tokenizer(HuggingFaceTokenizer tokenizer, TokenizerFile file, String id, Path path) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.id = id;
        this.path = path;
    }

    /** Loads a tokenizer.json, or the tokenizer.json inside a model directory. */
    public static Tokenizer load(Path tokenizerJsonOrDir) throws IOException {
        Objects.requireNonNull(tokenizerJsonOrDir, "tokenizer path");
        Path path = Files.isDirectory(tokenizerJsonOrDir) ? tokenizerJsonOrDir.resolve(FILE_NAME) : tokenizerJsonOrDir;
        if (!Files.isRegularFile(path)) {
            throw new IOException("tokenizer not found: " + path);
        }
        byte[] bytes = Files.readAllBytes(path);
        TokenizerFile file = TokenizerFile.parse(path, bytes);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(path, RAW_OPTIONS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": the tokenizers library rejected this tokenizer.json ("
                    + e.getMessage() + ")", e);
        }
        if (!"DO_NOT_TRUNCATE".equals(tokenizer.getTruncation())) {
            tokenizer.close();
            throw new IllegalStateException(path + ": tokenizer would truncate (" + tokenizer.getTruncation() + ")");
        }
        return new Tokenizer(tokenizer, file, "sha256:" + sha256Hex(bytes).substring(0, 16), path);
    }

    /**
     * Token ids and UTF-16 char offsets of {@code text}, no special tokens added, no truncation. As in Hugging Face
     * (and so in the official MemoryLLM code), an added token's literal text inside {@code text}, e.g.
     * "&lt;|eot_id|&gt;", still becomes that token's id.
     */
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text");
        ai.djl.huggingface.tokenizers.Encoding raw = tokenizer.encode(text, false, false);
        long[] rawIds = raw.getIds();
        CharSpan[] spans = raw.getCharTokenSpans();
        // the native library reports offsets in Unicode code points; Java strings index UTF-16 chars
        int[] charIndexOfCodePoint = charIndexOfCodePoint(text);
        int[] ids = new int[rawIds.length];
        int[] start = new int[rawIds.length];
        int[] end = new int[rawIds.length];
        for (int i = 0; i < rawIds.length; i++) {
            ids[i] = Math.toIntExact(rawIds[i]);
            start[i] = charIndexOfCodePoint[spans[i].getStart()];
            end[i] = charIndexOfCodePoint[spans[i].getEnd()];
        }
        return new Encoding(ids, start, end);
    }

    /** Text of {@code ids}, special tokens skipped. */
    public String decode(int[] ids) {
        return tokenizer.decode(checkedIds(ids), true);
    }

    /** Text of {@code ids}, special tokens written out (e.g. "&lt;|eot_id|&gt;"). */
    public String decodeWithSpecial(int[] ids) {
        return tokenizer.decode(checkedIds(ids), false);
    }

    /** Number of token ids: highest id in the vocabulary or added tokens, plus one. */
    public int vocabSize() {
        return file.vocabSize();
    }

    /**
     * The id of a token as the vocabulary spells it (byte-level BPE spells a leading space "Ġ"), or of an added
     * token such as "&lt;|eot_id|&gt;".
     */
    public OptionalInt idOf(String token) {
        Integer id = file.idByToken().get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Added tokens marked special (BOS, EOS, chat markers), content to id. */
    public Map<String, Integer> specialTokens() {
        return file.specialTokens();
    }

    /** "sha256:" + the first 16 hex digits of the tokenizer.json bytes: names the exact tokenizer used. */
    public String id() {
        return id;
    }

    /** The tokenizer.json this was loaded from. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private long[] checkedIds(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= file.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i
                        + " is outside the vocabulary [0, " + file.vocabSize() + ")");
            }
            out[i] = ids[i];
        }
        return out;
    }

    /** result[c] = UTF-16 index of code point c; result[codePointCount] = text.length(). */
    private static int[] charIndexOfCodePoint(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int charIndex = 0;
        for (int c = 0; c < index.length - 1; c++) {
            index[c] = charIndex;
            charIndex += Character.charCount(text.codePointAt(charIndex));
        }
        index[index.length - 1] = text.length();
        return index;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
