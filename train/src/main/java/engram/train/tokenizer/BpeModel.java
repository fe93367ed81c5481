package engram.train.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A trained byte-level BPE tokenizer: tokens by id (ids 0..255 are the byte symbols in byte order, then merged
 * symbols in the order learned, then the special tokens), the merges in rank order ("Ġ w" style), and which tokens
 * are special. {@link #toJson()} writes it as a standard Hugging Face tokenizer.json that {@link Tokenizer#load}
 * reads.
 */
public record BpeModel(List<String> tokens, List<String> merges, List<String> specialTokens) {

    public BpeModel {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        specialTokens = List.copyOf(specialTokens);
        if (!tokens.subList(tokens.size() - specialTokens.size(), tokens.size()).equals(specialTokens)) {
            throw new IllegalArgumentException("special tokens must be the last tokens");
        }
        if (new java.util.HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException("tokens must be distinct");
        }
    }

    public int vocabSize() {
        return tokens.size();
    }

    /** The id of a special token. */
    public int idOf(String specialToken) {
        int index = specialTokens.indexOf(specialToken);
        if (index < 0) {
            throw new IllegalArgumentException("not a special token: " + specialToken);
        }
        return tokens.size() - specialTokens.size() + index;
    }

    /**
     * tokenizer.json: BPE model (no unk token needed, every byte has a symbol), ByteLevel pre-tokenizer without
     * prefix space (text is encoded exactly as given), ByteLevel decoder and post-processor, special tokens as added
     * tokens. No truncation or padding: {@link Tokenizer} insists on that.
     */
    public String toJson() {
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.addProperty(tokens.get(id), id);
        }
        JsonArray mergeArray = new JsonArray();
        merges.forEach(mergeArray::add);

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
        model.add("merges", mergeArray);

        JsonArray added = new JsonArray();
        for (String special : specialTokens) {
            JsonObject token = new JsonObject();
            token.addProperty("id", idOf(special));
            token.addProperty("content", special);
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }

        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", null);
        root.add("pre_tokenizer", byteLevel(false, true));
        root.add("post_processor", byteLevel(true, false));
        root.add("decoder", byteLevel(true, true));
        root.add("model", model);
        return new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(root)
                + "\n";
    }

    /** Writes tokenizer.json into {@code directory} (created if missing), atomically; returns the file. */
    public Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("tokenizer.json");
        Path temporary = Files.createTempFile(directory, "tokenizer", ".json.tmp");
        try {
            Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject object = new JsonObject();
        object.addProperty("type", "ByteLevel");
        object.addProperty("add_prefix_space", addPrefixSpace);
        object.addProperty("trim_offsets", trimOffsets);
        object.addProperty("use_regex", true);
        return object;
    }
}
