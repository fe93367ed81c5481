package engram.engine;

import engram.engine.io.CheckpointFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/** The id a loaded model goes by: the folder's name and a digest of every file that defines its weights. */
final class ModelIds {

    private ModelIds() {
    }

    /**
     * "folder@" + the first 12 hex digits of SHA-256 over the folder's config.json, the checkpoint's files (its index
     * and every shard, as {@link CheckpointFiles} found them) and tokenizer.json when present. A snapshot names the
     * model it was written for, and a pool is only meaningful to the exact weights that wrote it: two trainings of one
     * architecture must not share an id. Hashing reads every weight byte once more (the 5 MB bundled model:
     * milliseconds; 16 GB: tens of seconds, next to a load that reads the same bytes).
     */
    static String of(Path dir, CheckpointFiles checkpoint) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        files.add(dir.resolve("config.json"));
        files.add(checkpoint.source());
        files.addAll(checkpoint.files());
        Path tokenizer = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(tokenizer)) {
            files.add(tokenizer);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f)) {
                    for (int read; (read = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, read);
                    }
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            return dir.toAbsolutePath().normalize().getFileName() + "@" + hex.substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
