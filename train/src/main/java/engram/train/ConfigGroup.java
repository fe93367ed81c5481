package engram.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A group of training options read from JSON over its named defaults: absent keys keep the default, an unknown key
 * is refused with a message naming it and the keys its group knows. Groups nest ({@code "optimisation": {...}}).
 */
public final class ConfigGroup {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ConfigGroup() {
    }

    /**
     * {@code given} over {@code defaults} as a {@code type} (a record); {@code path} names the group in messages
     * ("experiments.shuffledBlocks"). {@code given} may be null (all defaults).
     */
    public static <T> T parse(JsonObject given, T defaults, Class<T> type, String path) {
        JsonObject merged = GSON.toJsonTree(defaults).getAsJsonObject();
        if (given != null) {
            merge(merged, given, path, Set.of());
        }
        return GSON.fromJson(merged, type);
    }

    /**
     * Sets each key of {@code given} in {@code merged} (the defaults, changed in place), recursing into groups.
     * Keys in {@code open} take any object as given (groups whose keys are checked elsewhere).
     */
    static void merge(JsonObject merged, JsonObject given, String path, Set<String> open) {
        for (String key : given.keySet()) {
            String name = path.isEmpty() ? key : path + "." + key;
            JsonElement value = given.get(key);
            JsonElement known = merged.get(key);
            if (known == null) {
                throw new IllegalArgumentException("unknown training option '" + name + "' (known"
                        + (path.isEmpty() ? "" : " in " + path) + ": " + merged.keySet() + ")" + hint(merged, key));
            }
            if (known.isJsonObject() && !open.contains(name)) {
                if (!value.isJsonObject()) {
                    throw new IllegalArgumentException("training option '" + name + "' is a group: an object with "
                            + "some of " + known.getAsJsonObject().keySet() + " expected, got " + value);
                }
                merge(known.getAsJsonObject(), value.getAsJsonObject(), name, open);
            } else {
                merged.add(key, value);
            }
        }
    }

    /** For a key that sits one or two groups down (a config of the old flat shape): where it is now. */
    private static String hint(JsonObject groups, String key) {
        List<String> places = new ArrayList<>();
        find(groups, key, "", places);
        return places.isEmpty() ? "" : "; did you mean " + String.join(" or ", places) + "?";
    }

    private static void find(JsonObject group, String key, String path, List<String> places) {
        for (String name : group.keySet()) {
            JsonElement e = group.get(name);
            String here = path.isEmpty() ? name : path + "." + name;
            if (e.isJsonObject()) {
                if (e.getAsJsonObject().has(key)) {
                    places.add("'" + here + "." + key + "'");
                }
                find(e.getAsJsonObject(), key, here, places);
            }
        }
    }
}
