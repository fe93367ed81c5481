package engram.engine.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    private static List<TensorData> sampleTensors() {
        ByteBuffer halfOne = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3C00)
                .putShort((short) 0xC000).flip();
        return List.of(
                TensorData.ofFloat32("layers.0.weight", new long[] {2, 3}, new float[] {1, 2, 3, -4, 5.5f, 6}),
                TensorData.ofInt64("positions", new long[] {3}, new long[] {0, 1, Long.MIN_VALUE}),
                new TensorData("half", DType.F16, new long[] {2}, halfOne),
                TensorData.ofFloat32("scalar", new long[] {}, new float[] {42f}),
                TensorData.ofFloat32("empty", new long[] {0, 4}, new float[0]));
    }

    @Test
    void writeThenReadRoundTripsNamesShapesBytesAndMetadata() throws IOException {
        Path file = dir.resolve("pool.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "memory_id", "m<1>&\"quoted\"");
        Safetensors.write(file, metadata, sampleTensors());

        try (SafetensorsFile read = Safetensors.open(file)) {
            assertEquals(metadata, read.metadata());
            assertEquals(List.of("layers.0.weight", "positions", "half", "scalar", "empty"),
                    List.copyOf(read.names()), "file order kept");
            for (TensorData expected : sampleTensors()) {
                TensorData actual = read.read(expected.name());
                assertEquals(expected.dtype(), actual.dtype());
                assertArrayEquals(expected.shape(), actual.shape());
                assertEquals(expected.data(), actual.data(), "bytes of " + expected.name());
            }
            assertArrayEquals(new float[] {1f, -2f}, read.read("half").toFloat32());
            assertEquals(new TensorInfo("positions", DType.I64, new long[] {3}, 24, 48).toString(),
                    read.info("positions").toString());
        }
    }

    @Test
    void headerIsEightByteAlignedAndStartsWithItsLength() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Safetensors.write(file, Map.of(), sampleTensors());
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{}"), header);
    }

    @Test
    void largeTensorIsReadThroughTheMappedPathIntact() throws IOException {
        float[] values = new float[600_000]; // 2.4 MB, above the heap-copy threshold
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        Path file = dir.resolve("big.safetensors");
        Safetensors.write(file, Map.of(), List.of(TensorData.ofFloat32("big", new long[] {values.length}, values)));
        try (SafetensorsFile read = Safetensors.open(file)) {
            assertArrayEquals(values, read.read("big").toFloat32());
        }
    }

    @Test
    void djlDecodesOurFileWithNamesAndValues() throws IOException {
        Path file = dir.resolve("djl.safetensors");
        Safetensors.write(file, Map.of("format", "pt"), List.of(
                TensorData.ofFloat32("wq", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                TensorData.ofFloat32("wk", new long[] {3}, new float[] {-1, 0.5f, 9})));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = NDList.decode(manager, Files.readAllBytes(file));
            assertEquals(2, list.size());
            NDArray wq = list.get("wq");
            assertEquals(new Shape(2, 2), wq.getShape());
            assertEquals(DataType.FLOAT32, wq.getDataType());
            assertArrayEquals(new float[] {1, 2, 3, 4}, wq.toFloatArray());
            assertArrayEquals(new float[] {-1, 0.5f, 9}, list.get("wk").toFloatArray());
        }
    }

    @Test
    void weReadAFileDjlEncoded() throws IOException {
        byte[] encoded;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            a.setName("a");
            NDArray b = manager.create(new long[] {7, 8});
            b.setName("b");
            encoded = new NDList(a, b).encode(NDList.Encoding.SAFETENSORS);
        }
        Path file = dir.resolve("from-djl.safetensors");
        Files.write(file, encoded);
        try (SafetensorsFile read = Safetensors.open(file)) {
            assertEquals(Set.of("a", "b"), read.names());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.read("a").toFloat32());
            assertArrayEquals(new long[] {2, 3}, read.read("a").shape());
            assertArrayEquals(new long[] {7, 8}, read.read("b").toInt64());
        }
    }

    /**
     * A file written by the reference implementation (Python safetensors 0.8.0, Rust core):
     * {@code save_file({"a": np.arange(6, dtype=float32).reshape(2, 3), "b": np.array([1, -2], float16),
     * "c": np.array([5], int32)}, path, metadata={"x": "y"})}. The reverse direction (Python reading a file this
     * class wrote, F32/I64/F16/scalar plus metadata) was checked by hand; CI has no Python safetensors.
     */
    @Test
    void weReadAFileThePythonReferenceWrote() throws Exception {
        Path file = Path.of(getClass().getResource("written-by-python-safetensors.safetensors").toURI());
        try (SafetensorsFile read = Safetensors.open(file)) {
            assertEquals(Map.of("x", "y"), read.metadata());
            assertEquals(Set.of("a", "b", "c"), read.names());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, read.read("a").toFloat32());
            assertArrayEquals(new long[] {2, 3}, read.read("a").shape());
            assertEquals(DType.F16, read.read("b").dtype());
            assertArrayEquals(new float[] {1, -2}, read.read("b").toFloat32());
            assertArrayEquals(new long[] {5}, read.read("c").toInt64());
        }
    }

    @Test
    void ourWriterProducesTheReferenceWritersExactBytes() throws Exception {
        // same tensors, in the order the reference laid them out (it sorts by alignment: F32, I32, F16)
        Path reference = Path.of(getClass().getResource("written-by-python-safetensors.safetensors").toURI());
        ByteBuffer int32Five = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(5).flip();
        ByteBuffer halves = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3C00)
                .putShort((short) 0xC000).flip();
        Path ours = dir.resolve("ours.safetensors");
        Safetensors.write(ours, Map.of("x", "y"), List.of(
                TensorData.ofFloat32("a", new long[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5}),
                new TensorData("c", DType.I32, new long[] {1}, int32Five),
                new TensorData("b", DType.F16, new long[] {2}, halves)));
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(ours));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("snap.safetensors");
        Safetensors.write(file, Map.of("v", "1"), sampleTensors());
        Safetensors.write(file, Map.of("v", "2"), List.of(TensorData.ofFloat32("x", new long[] {1}, new float[] {3})));
        try (SafetensorsFile read = Safetensors.open(file)) {
            assertEquals("2", read.metadata().get("v"));
            assertEquals(Set.of("x"), read.names());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void writeRefusesDuplicateAndReservedNamesWithoutTouchingTheTarget() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        TensorData x = TensorData.ofFloat32("x", new long[] {1}, new float[] {1});
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, Map.of(), List.of(x, x)));
        assertTrue(duplicate.getMessage().contains("duplicate tensor name 'x'"), duplicate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, Map.of(),
                List.of(TensorData.ofFloat32("__metadata__", new long[] {1}, new float[] {1}))));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void truncatedFileIsReportedAsTruncated() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, Map.of(), sampleTensors());
        byte[] bytes = Files.readAllBytes(good);

        Path cutInData = dir.resolve("cut-data.safetensors");
        Files.write(cutInData, Arrays.copyOf(bytes, bytes.length - 3));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.open(cutInData));
        assertTrue(e.getMessage().contains("truncated")
                && e.getMessage().contains("cut-data.safetensors"), e.getMessage());

        Path cutInHeader = dir.resolve("cut-header.safetensors");
        Files.write(cutInHeader, Arrays.copyOf(bytes, 20));
        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(cutInHeader));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(tiny));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badHeaderJsonIsReported() throws IOException {
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> Safetensors.open(fileWithHeader("{\"x\": {\"dtype\": \"F32\", ", 0)));
        assertTrue(e.getMessage().contains("bad safetensors header") && e.getMessage().contains("invalid JSON"),
                e.getMessage());

        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(fileWithHeader("[1,2]", 0)));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());

        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(
                fileWithHeader("{\"x\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("Q8"), e.getMessage());

        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(
                fileWithHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)));
        assertTrue(e.getMessage().contains("needs 12 bytes"), e.getMessage());
    }

    @Test
    void offsetsOutOfRangeAndOverlapsAreReported() throws IOException {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.open(
                fileWithHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("out of range"), e.getMessage());

        e = assertThrows(SafetensorsException.class, () -> Safetensors.open(fileWithHeader(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)));
        assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("'a'")
                && e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void unknownTensorNameIsReportedByName() throws IOException {
        Path file = dir.resolve("k.safetensors");
        Safetensors.write(file, Map.of(), sampleTensors());
        try (SafetensorsFile read = Safetensors.open(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.read("nope"));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }

    /** A file with a hand-written header and {@code dataBytes} zero bytes of data. */
    private Path fileWithHeader(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        Path file = Files.createTempFile(dir, "hand", ".safetensors");
        Files.write(file, out.array());
        return file;
    }
}
