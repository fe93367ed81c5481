package engram.engine.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reading and writing the safetensors format (https://huggingface.co/docs/safetensors): u64 little-endian header
 * length, a JSON header mapping names to {dtype, shape, data_offsets} plus an optional string-to-string
 * {@code __metadata__}, then the raw little-endian tensor bytes.
 */
public final class Safetensors {

    /** Header padding makes the data section 8-byte aligned, as the reference writer does. */
    private static final int ALIGNMENT = 8;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Safetensors() {
    }

    /** Opens one file, validating its header; tensors are read lazily. Close it when done. */
    public static SafetensorsFile open(Path file) throws IOException {
        return SafetensorsFile.open(file);
    }

    /**
     * Opens a checkpoint: a directory holding {@code model.safetensors} or {@code model.safetensors.index.json}
     * plus its shards (also accepts either file directly). Close it when done.
     */
    public static CheckpointFiles openCheckpoint(Path modelDir) throws IOException {
        return CheckpointFiles.open(modelDir);
    }

    /**
     * Writes tensors (in the given order) and metadata to {@code file} atomically: the bytes go to a temporary file
     * in the same directory, are fsync'ed, and the temporary file is renamed over the target. A reader therefore
     * sees the old file or the complete new one, never a torn write, even across a crash.
     */
    public static void write(Path file, Map<String, String> metadata, List<TensorData> tensors) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        byte[] header = headerBytes(metadata == null ? Map.of() : metadata, tensors);

        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(out, length.flip());
                writeFully(out, ByteBuffer.wrap(header));
                for (TensorData tensor : tensors) {
                    writeFully(out, tensor.data());
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot atomically replace " + target + ": the file system does not support "
                        + "atomic rename", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(directory);
    }

    /** The JSON header, padded with spaces so that 8 + its length is a multiple of 8. */
    static byte[] headerBytes(Map<String, String> metadata, List<TensorData> tensors) {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach((key, value) -> meta.addProperty(
                Objects.requireNonNull(key, "metadata key"),
                Objects.requireNonNull(value, () -> "metadata value for '" + key + "'")));
        header.add(SafetensorsFile.METADATA_KEY, meta);

        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorData tensor : tensors) {
            Objects.requireNonNull(tensor, "tensor");
            if (tensor.name().equals(SafetensorsFile.METADATA_KEY)) {
                throw new IllegalArgumentException("'" + SafetensorsFile.METADATA_KEY + "' is reserved, not a tensor name");
            }
            if (!seen.add(tensor.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + tensor.name() + "'");
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", tensor.dtype().safetensorsName());
            JsonArray shape = new JsonArray();
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += tensor.byteCount();
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            header.add(tensor.name(), entry);
        }

        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 8 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, and then there is nothing to do. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported on this platform (e.g. Windows); the file's own fsync already happened
        }
    }
}
