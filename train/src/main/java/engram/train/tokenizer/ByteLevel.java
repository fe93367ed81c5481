package engram.train.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte-level conventions of GPT-2 style BPE as Hugging Face tokenizers implements them (ByteLevel
 * pre-tokenizer with {@code use_regex: true}): text is split into words by the GPT-2 regex, each word's UTF-8 bytes
 * are spelled with one printable symbol per byte ({@code bytes_to_unicode}, a space is "Ġ"). With all 256 byte
 * symbols in the vocabulary any text encodes.
 */
public final class ByteLevel {

    /**
     * GPT-2's split regex. Unicode classes as in Rust's regex crate ({@code \s} is Unicode white space), so the
     * words seen in training are the ones the native tokenizer will see.
     */
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] SYMBOL_OF_BYTE = symbolTable();

    private ByteLevel() {
    }

    /** The symbol that spells byte {@code b} (0..255). */
    public static char symbol(int b) {
        return SYMBOL_OF_BYTE[b];
    }

    /** The words of a text, as the ByteLevel pre-tokenizer splits it. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORDS.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** A word's UTF-8 bytes, one symbol each. */
    public static String spell(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        char[] symbols = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = SYMBOL_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(symbols);
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards. */
    private static char[] symbolTable() {
        char[] table = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) (256 + shifted++);
        }
        return table;
    }
}
