package engram.engine.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open safetensors file. The header is parsed and validated when the file is opened; tensor bytes are read
 * lazily, one tensor per {@link #read} (large tensors are memory-mapped, so a multi-GB shard costs no heap until
 * converted). Reads are positional and therefore safe from several threads.
 *
 * <p>Layout: u64 little-endian header length N, N bytes of UTF-8 JSON header, then the data section. Header
 * offsets are relative to the start of the data section.
 */
public final class SafetensorsFile implements TensorSource {

    /** Same cap as the reference Rust implementation: a larger header is corrupt, not big. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    static final String METADATA_KEY = "__metadata__";
    /** Below this a tensor is copied to the heap; above it the file is mapped to avoid a multi-GB copy. */
    private static final long MAP_THRESHOLD_BYTES = 1L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, String> metadata,
                            Map<String, TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return parse(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in the order their bytes appear in the file. */
    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in " + path + " (it holds "
                    + tensors.size() + " tensors)");
        }
        return info;
    }

    @Override
    public TensorData read(String name) throws IOException {
        TensorInfo info = info(name);
        long count = info.byteCount();
        long position = dataStart + info.begin();
        ByteBuffer bytes;
        if (count > MAP_THRESHOLD_BYTES) {
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, position, count);
        } else {
            bytes = ByteBuffer.allocate((int) count);
            while (bytes.hasRemaining()) {
                int n = channel.read(bytes, position + bytes.position());
                if (n < 0) {
                    throw new SafetensorsException(path + ": file ended while reading tensor '" + name
                            + "' (was it truncated after opening?)");
                }
            }
            bytes.flip();
        }
        return new TensorData(name, info.dtype(), info.shape(), bytes.order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
    }

    // ---- header parsing and validation ----

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafetensorsException(path + ": truncated safetensors file: " + fileSize
                    + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, path);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(path + ": bad safetensors header: declared header length "
                    + Long.toUnsignedString(headerLength) + " is not between 2 and " + MAX_HEADER_BYTES
                    + " bytes (not a safetensors file?)");
        }
        if (8 + headerLength > fileSize) {
            throw new SafetensorsException(path + ": truncated safetensors file: header declares " + headerLength
                    + " bytes but only " + (fileSize - 8) + " follow the length prefix");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8, path);
        JsonObject header = parseHeaderJson(path, headerBytes);

        long dataStart = 8 + headerLength;
        long dataLength = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            if (entry.getKey().equals(METADATA_KEY)) {
                metadata.putAll(parseMetadata(path, entry.getValue()));
            } else {
                infos.add(parseTensorInfo(path, entry.getKey(), entry.getValue()));
            }
        }
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        TensorInfo previous = null;
        for (TensorInfo info : infos) {
            if (info.end() > dataLength) {
                throw new SafetensorsException(path + ": truncated safetensors file or offsets out of range: tensor '"
                        + info.name() + "' ends at data byte " + info.end() + " but the data section holds only "
                        + dataLength + " bytes");
            }
            if (previous != null && info.begin() < previous.end()) {
                throw new SafetensorsException(path + ": bad safetensors header: tensors '" + previous.name()
                        + "' " + rangeOf(previous) + " and '" + info.name() + "' " + rangeOf(info) + " overlap");
            }
            tensors.put(info.name(), info);
            previous = info;
        }
        return new SafetensorsFile(path, channel, dataStart, metadata, tensors);
    }

    private static JsonObject parseHeaderJson(Path path, ByteBuffer headerBytes) throws SafetensorsException {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(path + ": bad safetensors header: not valid UTF-8", e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new SafetensorsException(path + ": bad safetensors header: invalid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonObject()) {
            throw new SafetensorsException(path + ": bad safetensors header: expected a JSON object, found "
                    + abbreviate(json));
        }
        return root.getAsJsonObject();
    }

    private static Map<String, String> parseMetadata(Path path, JsonElement element) throws SafetensorsException {
        if (element.isJsonNull()) {
            return Map.of();
        }
        if (!element.isJsonObject()) {
            throw new SafetensorsException(path + ": bad safetensors header: __metadata__ must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new SafetensorsException(path + ": bad safetensors header: __metadata__ value for '"
                        + entry.getKey() + "' is not a string");
            }
            metadata.put(entry.getKey(), value.getAsString());
        }
        return metadata;
    }

    private static TensorInfo parseTensorInfo(Path path, String name, JsonElement element)
            throws SafetensorsException {
        String where = path + ": bad safetensors header: tensor '" + name + "'";
        if (!element.isJsonObject()) {
            throw new SafetensorsException(where + " is not an object");
        }
        JsonObject object = element.getAsJsonObject();
        JsonElement dtypeElement = object.get("dtype");
        if (dtypeElement == null || !dtypeElement.isJsonPrimitive()) {
            throw new SafetensorsException(where + " has no dtype");
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensorsName(dtypeElement.getAsString());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(where + ": " + e.getMessage(), e);
        }
        long[] shape = nonNegativeLongs(object.get("shape"), where + " shape");
        long[] offsets = nonNegativeLongs(object.get("data_offsets"), where + " data_offsets");
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new SafetensorsException(where + " data_offsets must be [begin, end] with begin <= end");
        }
        long elements = 1;
        try {
            for (long dim : shape) {
                elements = Math.multiplyExact(elements, dim);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.byteSize());
            if (offsets[1] - offsets[0] != expected) {
                throw new SafetensorsException(where + " " + dtype + java.util.Arrays.toString(shape) + " needs "
                        + expected + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
            }
        } catch (ArithmeticException e) {
            throw new SafetensorsException(where + " shape overflows a 64-bit size", e);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] nonNegativeLongs(JsonElement element, String what) throws SafetensorsException {
        if (element == null || !element.isJsonArray()) {
            throw new SafetensorsException(what + " is missing or not an array");
        }
        JsonArray array = element.getAsJsonArray();
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
                throw new SafetensorsException(what + " holds a non-number: " + item);
            }
            try {
                values[i] = item.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (ArithmeticException e) {
                throw new SafetensorsException(what + " holds a non-integer: " + item, e);
            }
            if (values[i] < 0) {
                throw new SafetensorsException(what + " holds a negative number: " + values[i]);
            }
        }
        return values;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path path)
            throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new SafetensorsException(path + ": truncated safetensors file: ended inside the header");
            }
        }
    }

    private static String rangeOf(TensorInfo info) {
        return "[" + info.begin() + "," + info.end() + ")";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
