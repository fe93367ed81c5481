package engram.topology.durability;

import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool snapshots on disk, one folder per memory: {@code <root>/<memory-id>/v<version, 20 digits>.safetensors}.
 *
 * <p>What a file holds is the engine's business ({@link MemoryEngine#writeSnapshot}); the store names the files and
 * adds Engram's metadata ({@link SnapshotMetadata}). The engine writes each file atomically, so a crash leaves
 * either the old set or the new file complete. After each save only the newest {@code keep} snapshots of the
 * memory stay. Keep at least two: a snapshot written just before a crash can be newer than the version the topology committed,
 * and recovery then needs an older one.
 *
 * <p>Restoring verifies the contents against the recorded checksum and model ({@link MemoryEngine#restoreSnapshot});
 * a snapshot that fails is passed over for the next older one, and the caller is told which and why.
 *
 * <p>Memory ids may hold characters that are not safe in file names (':' on some systems): every character
 * outside {@code [A-Za-z0-9._-]} is written as {@code %XX} of its UTF-8 bytes.
 */
public final class SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern FILE = Pattern.compile("v(\\d{20})\\.safetensors");

    private final MemoryEngine engine;
    private final Path root;
    private final int keep;

    /** @param engine writes, reads and restores the files (only the model that wrote a snapshot restores it) */
    public SnapshotStore(MemoryEngine engine, Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("a snapshot store must keep at least 1 snapshot per memory, not " + keep);
        }
        this.engine = Objects.requireNonNull(engine, "engine");
        this.root = root;
        this.keep = keep;
    }

    /** The engine whose pools this store writes and restores. */
    public MemoryEngine engine() {
        return engine;
    }

    public Path root() {
        return root;
    }

    /** Where the snapshots of {@code memoryId} live. */
    public Path folderOf(String memoryId) {
        return root.resolve(safeName(memoryId));
    }

    /** The file a snapshot of {@code memoryId} at {@code version} is written to. */
    public Path fileOf(String memoryId, long version) {
        return folderOf(memoryId).resolve(String.format("v%020d.safetensors", version));
    }

    /**
     * Writes {@code pool} as the snapshot of {@code metadata.memoryId()} at the pool's version, then removes the
     * oldest beyond {@code keep}.
     *
     * @throws IllegalArgumentException when the metadata's version is not the pool's
     */
    public StoredSnapshot save(PoolHandle pool, SnapshotMetadata metadata) throws IOException {
        if (metadata.version() != pool.version()) {
            throw new IllegalArgumentException("snapshot metadata says version " + metadata.version()
                    + " but the pool is at version " + pool.version());
        }
        Path file = fileOf(metadata.memoryId(), pool.version());
        Files.createDirectories(file.getParent());
        engine.writeSnapshot(pool, file, metadata.toMap());
        prune(metadata.memoryId());
        return new StoredSnapshot(file, pool.version(), pool.checksum(), engine.modelId(), metadata);
    }

    /** The snapshots of {@code memoryId} whose headers can be read, newest first. */
    public List<StoredSnapshot> list(String memoryId) {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        for (Path file : files(memoryId)) {
            try {
                snapshots.add(StoredSnapshot.read(engine, file));
            } catch (IOException | RuntimeException e) {
                LOG.warn("memory '{}': snapshot {} has an unreadable header and is ignored: {}", memoryId, file, e.toString());
            }
        }
        return snapshots;
    }

    /** The newest snapshot of {@code memoryId} (header only; the pool bytes are checked when restored). */
    public Optional<StoredSnapshot> latest(String memoryId) {
        return list(memoryId).stream().findFirst();
    }

    /** The newest snapshot of {@code memoryId} at a version {@code <= version}. */
    public Optional<StoredSnapshot> atOrBefore(String memoryId, long version) {
        return list(memoryId).stream().filter(s -> s.version() <= version).findFirst();
    }

    /**
     * Restores the newest snapshot of {@code memoryId} at a version {@code <= version} whose contents match its
     * checksum and whose model is the engine's; the ones passed over on the way are listed in
     * {@link SnapshotRestore#rejected()} (and logged). Finding none is not an error: replay then starts from the
     * memory's initial pool.
     */
    public SnapshotRestore restoreAtOrBefore(String memoryId, long version) {
        List<String> rejected = new ArrayList<>();
        try {
            for (Path file : files(memoryId)) {
                StoredSnapshot snapshot;
                try {
                    snapshot = StoredSnapshot.read(engine, file);
                } catch (IOException | RuntimeException e) {
                    rejected.add(file + ": unreadable header: " + e.getMessage());
                    continue;
                }
                if (snapshot.version() > version) {
                    continue;
                }
                if (!snapshot.metadata().memoryId().equals(memoryId)) {
                    rejected.add(file + ": belongs to memory '" + snapshot.metadata().memoryId() + "'");
                    continue;
                }
                try {
                    return new SnapshotRestore(engine.restoreSnapshot(file), snapshot, rejected);
                } catch (IOException | RuntimeException e) {
                    rejected.add(e.getMessage() == null ? file + ": " + e : e.getMessage());
                }
            }
            return new SnapshotRestore(null, null, rejected);
        } finally {
            rejected.forEach(reason -> LOG.warn("memory '{}': snapshot passed over: {}", memoryId, reason));
        }
    }

    private void prune(String memoryId) throws IOException {
        List<Path> all = files(memoryId);
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** Snapshot files of a memory, newest version first (temporary files of unfinished writes are not listed). */
    private List<Path> files(String memoryId) {
        Path folder = folderOf(memoryId);
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(SnapshotStore::versionOf).reversed())
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + folder, e);
        }
    }

    private static long versionOf(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Long.parseLong(m.group(1));
    }

    static String safeName(String memoryId) {
        StringBuilder out = new StringBuilder();
        for (byte b : memoryId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        String name = out.toString();
        // "." and ".." are not folders of their own; memory ids never start with '.', but names from elsewhere may
        return name.startsWith(".") ? "%2E" + name.substring(1) : name;
    }
}
