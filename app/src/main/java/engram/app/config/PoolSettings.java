package engram.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory pools on disk.
 *
 * @param snapshotDir where pool snapshots are written (relative to the working directory)
 * @param snapshotEvery write a snapshot after this many updates of one memory
 * @param snapshotInterval or after this much time since the last one
 */
@ConfigurationProperties("engram.pool")
public record PoolSettings(String snapshotDir, int snapshotEvery, Duration snapshotInterval) {

    public Path snapshotPath() {
        return Path.of(snapshotDir);
    }
}
