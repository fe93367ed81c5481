package engram.train.objective;

import com.google.gson.JsonObject;
import engram.train.TrainConfig;

/**
 * A recipe part registered from outside the train module, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/engram.train.objective.RecipeExtension} file on the classpath). It runs when its name is
 * a key of the config's {@code experiments} group. Parts join the recipe in the order the service files list them.
 */
public interface RecipeExtension {

    /** Its key under {@code experiments} in a training config. */
    String name();

    /**
     * The part its options configure ({@code options}: the JSON object under its name; absent keys take its
     * defaults, an unknown key is refused with an {@link IllegalArgumentException} naming it, see
     * {@link engram.train.ConfigGroup#parse}). Called when a config is read, so a bad option fails at once.
     */
    RecipePart create(JsonObject options, TrainConfig cfg);
}
