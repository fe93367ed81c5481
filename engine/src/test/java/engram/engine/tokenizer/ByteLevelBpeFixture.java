package engram.engine.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a small but real byte-level BPE tokenizer.json, shaped like Llama 3's: the 256-symbol GPT-2 byte
 * alphabet (ids 0..255 = byte values), a few merges that make "hello" and "Ġworld" single tokens, three special
 * tokens, a ByteLevel pre-tokenizer/decoder, and a post-processor that WOULD prepend a BOS token if special tokens
 * were added — so a test can prove they are not.
 */
public final class ByteLevelBpeFixture {

    static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d",
            "Ġwor ld");
    static final int FIRST_MERGE_ID = 256;
    static final int HELLO_ID = FIRST_MERGE_ID + 3;
    static final int SPACE_WORLD_ID = FIRST_MERGE_ID + 8;
    static final int BOS_ID = FIRST_MERGE_ID + 9;
    static final int EOS_ID = BOS_ID + 1;
    static final int EOT_ID = BOS_ID + 2;
    static final String BOS = "<|begin_of_text|>";
    static final String EOS = "<|end_of_text|>";
    static final String EOT = "<|eot_id|>";
    static final int VOCAB_SIZE = EOT_ID + 1;

    private ByteLevelBpeFixture() {
    }

    public static Path write(Path directory) throws IOException {
        Path file = directory.resolve("tokenizer.json");
        Files.writeString(file, json(), StandardCharsets.UTF_8);
        return file;
    }

    static String json() {
        JsonObject vocab = new JsonObject();
        for (int b = 0; b < 256; b++) {
            vocab.addProperty(byteSymbol(b), b);
        }
        JsonArray merges = new JsonArray();
        int id = FIRST_MERGE_ID;
        for (String merge : MERGES) {
            merges.add(merge);
            vocab.addProperty(merge.replace(" ", ""), id++);
        }

        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.add("unk_token", null);
        model.add("continuing_subword_prefix", null);
        model.add("end_of_word_suffix", null);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        model.add("vocab", vocab);
        model.add("merges", merges);

        JsonArray added = new JsonArray();
        added.add(specialToken(BOS_ID, BOS));
        added.add(specialToken(EOS_ID, EOS));
        added.add(specialToken(EOT_ID, EOT));

        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", null);
        root.add("pre_tokenizer", byteLevel("ByteLevel", false, true));
        root.add("post_processor", postProcessor());
        root.add("decoder", byteLevel("ByteLevel", true, true));
        root.add("model", model);
        return new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(root);
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards. */
    static String byteSymbol(int b) {
        boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable) {
            return String.valueOf((char) b);
        }
        int shifted = 0;
        for (int other = 0; other < b; other++) {
            boolean otherPrintable = (other >= '!' && other <= '~') || (other >= 0xA1 && other <= 0xAC)
                    || (other >= 0xAE && other <= 0xFF);
            if (!otherPrintable) {
                shifted++;
            }
        }
        return String.valueOf((char) (256 + shifted));
    }

    private static JsonObject byteLevel(String type, boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject object = new JsonObject();
        object.addProperty("type", type);
        object.addProperty("add_prefix_space", addPrefixSpace);
        object.addProperty("trim_offsets", trimOffsets);
        object.addProperty("use_regex", true);
        return object;
    }

    private static JsonObject postProcessor() {
        JsonObject bosPiece = new JsonObject();
        JsonObject bosSpecial = new JsonObject();
        bosSpecial.addProperty("id", BOS);
        bosSpecial.addProperty("type_id", 0);
        bosPiece.add("SpecialToken", bosSpecial);
        JsonObject sequencePiece = new JsonObject();
        JsonObject sequence = new JsonObject();
        sequence.addProperty("id", "A");
        sequence.addProperty("type_id", 0);
        sequencePiece.add("Sequence", sequence);
        JsonArray single = new JsonArray();
        single.add(bosPiece);
        single.add(sequencePiece);
        JsonArray pair = new JsonArray();
        pair.add(bosPiece);
        pair.add(sequencePiece);
        JsonObject bosEntry = new JsonObject();
        bosEntry.addProperty("id", BOS);
        JsonArray ids = new JsonArray();
        ids.add(BOS_ID);
        bosEntry.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(BOS);
        bosEntry.add("tokens", tokens);
        JsonObject specials = new JsonObject();
        specials.add(BOS, bosEntry);

        JsonObject template = new JsonObject();
        template.addProperty("type", "TemplateProcessing");
        template.add("single", single);
        template.add("pair", pair);
        template.add("special_tokens", specials);

        JsonArray processors = new JsonArray();
        processors.add(byteLevel("ByteLevel", true, false));
        processors.add(template);
        JsonObject root = new JsonObject();
        root.addProperty("type", "Sequence");
        root.add("processors", processors);
        return root;
    }

    private static JsonObject specialToken(int id, String content) {
        JsonObject token = new JsonObject();
        token.addProperty("id", id);
        token.addProperty("content", content);
        token.addProperty("single_word", false);
        token.addProperty("lstrip", false);
        token.addProperty("rstrip", false);
        token.addProperty("normalized", false);
        token.addProperty("special", true);
        return token;
    }
}
