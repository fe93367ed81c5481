package engram.engine.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint directory: either one {@code model.safetensors} or a
 * {@code model.safetensors.index.json} whose {@code weight_map} names the shard holding each tensor. Callers see
 * one flat set of tensor names either way. Every shard is opened and cross-checked against the index up front, so
 * a missing shard or a tensor the index promises but no shard holds fails at load time, not mid-inference.
 */
public final class CheckpointFiles implements TensorSource {

    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path source;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileByTensor;
    private final Map<String, String> metadata;

    private CheckpointFiles(Path source, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileByTensor,
                            Map<String, String> metadata) {
        this.source = source;
        this.files = List.copyOf(files);
        this.fileByTensor = Collections.unmodifiableMap(fileByTensor);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a checkpoint. {@code location} is a model directory, a {@code *.safetensors} file, or an index json.
     * In a directory the single file wins over the index, as in transformers.
     */
    static CheckpointFiles open(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            Path single = location.resolve(SINGLE_FILE);
            Path index = location.resolve(INDEX_FILE);
            if (Files.isRegularFile(single)) {
                return ofSingleFile(single);
            }
            if (Files.isRegularFile(index)) {
                return ofIndex(index);
            }
            throw new SafetensorsException("no weights in " + location + ": expected " + SINGLE_FILE + " or "
                    + INDEX_FILE);
        }
        if (!Files.isRegularFile(location)) {
            throw new SafetensorsException("checkpoint not found: " + location);
        }
        return location.getFileName().toString().endsWith(".json") ? ofIndex(location) : ofSingleFile(location);
    }

    private static CheckpointFiles ofSingleFile(Path file) throws IOException {
        SafetensorsFile opened = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        for (String name : opened.names()) {
            byTensor.put(name, opened);
        }
        return new CheckpointFiles(file, List.of(opened), byTensor, opened.metadata());
    }

    private static CheckpointFiles ofIndex(Path indexFile) throws IOException {
        JsonObject index = readIndex(indexFile);
        JsonElement weightMapElement = index.get("weight_map");
        if (weightMapElement == null || !weightMapElement.isJsonObject()) {
            throw new SafetensorsException(indexFile + ": checkpoint index has no weight_map object");
        }
        Path directory = indexFile.toAbsolutePath().getParent();
        Map<String, String> shardByTensor = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : weightMapElement.getAsJsonObject().entrySet()) {
            JsonElement shard = entry.getValue();
            if (!shard.isJsonPrimitive() || !shard.getAsJsonPrimitive().isString()) {
                throw new SafetensorsException(indexFile + ": weight_map entry for tensor '" + entry.getKey()
                        + "' is not a file name");
            }
            shardByTensor.put(entry.getKey(), shard.getAsString());
        }
        if (shardByTensor.isEmpty()) {
            throw new SafetensorsException(indexFile + ": checkpoint index has an empty weight_map");
        }

        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> entry : shardByTensor.entrySet()) {
                String shardName = entry.getValue();
                if (!shards.containsKey(shardName)) {
                    shards.put(shardName, openShard(indexFile, directory, shardName, entry.getKey()));
                }
            }
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : shardByTensor.entrySet()) {
                SafetensorsFile shard = shards.get(entry.getValue());
                if (!shard.contains(entry.getKey())) {
                    throw new SafetensorsException(indexFile + ": index maps tensor '" + entry.getKey()
                            + "' to shard '" + entry.getValue() + "', but that shard has no such tensor");
                }
                byTensor.put(entry.getKey(), shard);
            }
            return new CheckpointFiles(indexFile, new ArrayList<>(shards.values()), byTensor,
                    indexMetadata(index));
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile shard : shards.values()) {
                shard.close();
            }
            throw e;
        }
    }

    private static SafetensorsFile openShard(Path indexFile, Path directory, String shardName, String firstTensor)
            throws IOException {
        Path shardPath = directory.resolve(shardName).normalize();
        // a shard name is a file next to the index; refuse paths that would read elsewhere
        if (!shardPath.getParent().equals(directory.normalize())) {
            throw new SafetensorsException(indexFile + ": shard name '" + shardName
                    + "' is not a plain file name in the checkpoint directory");
        }
        if (!Files.isRegularFile(shardPath)) {
            throw new SafetensorsException(indexFile + ": missing shard '" + shardName + "' (named for tensor '"
                    + firstTensor + "'), expected at " + shardPath);
        }
        return SafetensorsFile.open(shardPath);
    }

    private static JsonObject readIndex(Path indexFile) throws IOException {
        String json = Files.readString(indexFile, StandardCharsets.UTF_8);
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new SafetensorsException(indexFile + ": checkpoint index is not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new SafetensorsException(indexFile + ": checkpoint index is not valid JSON (" + e.getMessage() + ")",
                    e);
        }
    }

    /** The index's "metadata" block (e.g. total_size, a number) as strings. */
    private static Map<String, String> indexMetadata(JsonObject index) {
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonElement element = index.get("metadata");
        if (element != null && element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
                JsonElement value = entry.getValue();
                metadata.put(entry.getKey(), value.isJsonPrimitive() ? value.getAsString() : value.toString());
            }
        }
        return metadata;
    }

    /** The file or index this checkpoint was opened from. */
    public Path source() {
        return source;
    }

    /** The safetensors files behind this checkpoint (one, or every shard), in index order. */
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> names() {
        return fileByTensor.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return fileFor(name).info(name);
    }

    @Override
    public TensorData read(String name) throws IOException {
        return fileFor(name).read(name);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile file : files) {
            try {
                file.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private SafetensorsFile fileFor(String name) {
        SafetensorsFile file = fileByTensor.get(name);
        if (file == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in checkpoint " + source + " (it holds "
                    + fileByTensor.size() + " tensors)");
        }
        return file;
    }
}
