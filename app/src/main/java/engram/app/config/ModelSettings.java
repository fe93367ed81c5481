package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/**
 * Which model runs where.
 *
 * @param path a Hugging Face style model folder; absent means the bundled {@code models/engram-tiny} under
 *     {@code engram.home}
 * @param device {@code auto}, {@code cpu} or {@code gpu} (checked at startup by {@link Device#parse})
 */
@ConfigurationProperties("engram.model")
public record ModelSettings(@Nullable String path, String device) {

    public static final String BUNDLED = "models/engram-tiny";

    public Path resolvePath(Path home) {
        return path == null || path.isBlank() ? home.resolve(BUNDLED) : Path.of(path);
    }
}
