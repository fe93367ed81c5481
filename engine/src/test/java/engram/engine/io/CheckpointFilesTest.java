package engram.engine.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointFilesTest {

    private static final String SHARD_1 = "model-00001-of-00002.safetensors";
    private static final String SHARD_2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    private void writeTwoShards() throws IOException {
        Safetensors.write(dir.resolve(SHARD_1), Map.of("format", "pt"), List.of(
                TensorData.ofFloat32("embed.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                TensorData.ofFloat32("layers.0.wq", new long[] {2}, new float[] {5, 6})));
        Safetensors.write(dir.resolve(SHARD_2), Map.of("format", "pt"), List.of(
                TensorData.ofFloat32("layers.1.wq", new long[] {2}, new float[] {7, 8}),
                TensorData.ofFloat32("lm_head.weight", new long[] {1}, new float[] {9})));
    }

    private void writeIndex(String weightMapJson) throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 36}, \"weight_map\": " + weightMapJson + "}");
    }

    private static String fullWeightMap() {
        return "{\"embed.weight\": \"" + SHARD_1 + "\", \"layers.0.wq\": \"" + SHARD_1 + "\", "
                + "\"layers.1.wq\": \"" + SHARD_2 + "\", \"lm_head.weight\": \"" + SHARD_2 + "\"}";
    }

    @Test
    void shardedCheckpointReadsAcrossShardsUnderOneNameSpace() throws IOException {
        writeTwoShards();
        writeIndex(fullWeightMap());
        try (CheckpointFiles checkpoint = Safetensors.openCheckpoint(dir)) {
            assertEquals(Set.of("embed.weight", "layers.0.wq", "layers.1.wq", "lm_head.weight"), checkpoint.names());
            assertArrayEquals(new float[] {1, 2, 3, 4}, checkpoint.read("embed.weight").toFloat32());
            assertArrayEquals(new float[] {7, 8}, checkpoint.read("layers.1.wq").toFloat32());
            assertArrayEquals(new float[] {9}, checkpoint.read("lm_head.weight").toFloat32());
            assertArrayEquals(new long[] {2, 2}, checkpoint.info("embed.weight").shape());
            assertEquals("36", checkpoint.metadata().get("total_size"));
            assertEquals(List.of(dir.resolve(SHARD_1), dir.resolve(SHARD_2)),
                    checkpoint.files().stream().map(Path::toAbsolutePath).toList());
        }
    }

    @Test
    void singleFileCheckpointIsPreferredAndReadable() throws IOException {
        Safetensors.write(dir.resolve("model.safetensors"), Map.of("format", "pt"),
                List.of(TensorData.ofFloat32("w", new long[] {1}, new float[] {3})));
        try (CheckpointFiles checkpoint = Safetensors.openCheckpoint(dir)) {
            assertEquals(Set.of("w"), checkpoint.names());
            assertEquals("pt", checkpoint.metadata().get("format"));
            assertArrayEquals(new float[] {3}, checkpoint.read("w").toFloat32());
        }
    }

    @Test
    void missingShardIsNamed() throws IOException {
        writeTwoShards();
        Files.delete(dir.resolve(SHARD_2));
        writeIndex(fullWeightMap());
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.openCheckpoint(dir));
        assertTrue(e.getMessage().contains("missing shard '" + SHARD_2 + "'")
                && e.getMessage().contains("layers.1.wq"), e.getMessage());
    }

    @Test
    void tensorInIndexButNotInItsShardIsNamed() throws IOException {
        writeTwoShards();
        writeIndex("{\"embed.weight\": \"" + SHARD_1 + "\", \"layers.9.wq\": \"" + SHARD_2 + "\"}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.openCheckpoint(dir));
        assertTrue(e.getMessage().contains("'layers.9.wq'") && e.getMessage().contains(SHARD_2), e.getMessage());
    }

    @Test
    void unknownTensorAndEmptyDirectoryAreReported() throws IOException {
        SafetensorsException empty = assertThrows(SafetensorsException.class, () -> Safetensors.openCheckpoint(dir));
        assertTrue(empty.getMessage().contains("model.safetensors"), empty.getMessage());

        writeTwoShards();
        writeIndex(fullWeightMap());
        try (CheckpointFiles checkpoint = Safetensors.openCheckpoint(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> checkpoint.read("layers.2.wq"));
            assertTrue(e.getMessage().contains("'layers.2.wq'"), e.getMessage());
        }
    }

    @Test
    void shardNamesThatLeaveTheDirectoryAreRefused() throws IOException {
        writeTwoShards();
        writeIndex("{\"embed.weight\": \"../elsewhere.safetensors\"}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.openCheckpoint(dir));
        assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
    }
}
