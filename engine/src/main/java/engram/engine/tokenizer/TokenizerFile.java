package engram.engine.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tokenizer.json itself says about the vocabulary. DJL's native tokenizer exposes no vocabulary or
 * token-to-id lookup (stack-notes §3), so the vocab, added tokens and special tokens are read from the JSON.
 */
final class TokenizerFile {

    private final Map<String, Integer> idByToken;
    private final Map<String, Integer> specialTokens;
    private final int vocabSize;

    private TokenizerFile(Map<String, Integer> idByToken, Map<String, Integer> specialTokens, int vocabSize) {
        this.idByToken = idByToken;
        this.specialTokens = specialTokens;
        this.vocabSize = vocabSize;
    }

    static TokenizerFile parse(Path file, byte[] bytes) {
        JsonObject root;
        try {
            JsonElement element = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException(file + ": tokenizer.json is not a JSON object");
            }
            root = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": tokenizer.json is not valid JSON (" + e.getMessage() + ")", e);
        }
        Map<String, Integer> idByToken = new HashMap<>();
        JsonElement model = root.get("model");
        if (model == null || !model.isJsonObject() || !model.getAsJsonObject().has("vocab")) {
            throw new IllegalArgumentException(file + ": tokenizer.json has no model.vocab");
        }
        JsonElement vocab = model.getAsJsonObject().get("vocab");
        if (vocab.isJsonObject()) {
            // BPE, WordPiece, WordLevel: {"token": id}
            for (Map.Entry<String, JsonElement> entry : vocab.getAsJsonObject().entrySet()) {
                idByToken.put(entry.getKey(), entry.getValue().getAsInt());
            }
        } else if (vocab.isJsonArray()) {
            // Unigram: [[piece, score], ...], id = position
            JsonArray pieces = vocab.getAsJsonArray();
            for (int id = 0; id < pieces.size(); id++) {
                idByToken.put(pieces.get(id).getAsJsonArray().get(0).getAsString(), id);
            }
        } else {
            throw new IllegalArgumentException(file + ": tokenizer.json model.vocab is neither an object nor an array");
        }
        Map<String, Integer> special = new LinkedHashMap<>();
        JsonElement added = root.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement tokenElement : added.getAsJsonArray()) {
                JsonObject token = tokenElement.getAsJsonObject();
                String content = token.get("content").getAsString();
                int id = token.get("id").getAsInt();
                idByToken.put(content, id);
                if (token.has("special") && token.get("special").getAsBoolean()) {
                    special.put(content, id);
                }
            }
        }
        int maxId = idByToken.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        return new TokenizerFile(Collections.unmodifiableMap(idByToken), Collections.unmodifiableMap(special),
                maxId + 1);
    }

    Map<String, Integer> idByToken() {
        return idByToken;
    }

    Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    int vocabSize() {
        return vocabSize;
    }
}
