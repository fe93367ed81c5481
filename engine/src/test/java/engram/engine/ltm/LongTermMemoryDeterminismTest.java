package engram.engine.ltm;

import engram.engine.EngineOptions;
import engram.engine.GenerateOptions;
import engram.engine.Generation;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.TinyModels;
import engram.engine.Version;
import engram.engine.io.Safetensors;
import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gate G0 of long-term-memory.md §4 on a tiny random model (8b-style: GQA, LoRA, per-layer drops, K = 4, N = 32):
 * the long-term memory changes no pool, its state survives a snapshot exactly and a tampered one is refused, replay
 * reproduces it, and a promote read that promotes only the newest block is today's read.
 */
class LongTermMemoryDeterminismTest {

    private static final int WINDOW = 100;

    @TempDir
    static Path dir;
    static MemoryLLM plain;
    static MemoryLLM withLtm;

    @BeforeAll
    static void load() throws IOException {
        Path modelDir = TinyModels.write(dir.resolve("model"), TinyModels.eightBStyle(), 3);
        plain = MemoryLLM.load(modelDir, EngineOptions.cpu());
        withLtm = MemoryLLM.load(modelDir, EngineOptions.cpu().withLtmWindow(WINDOW));
    }

    @AfterAll
    static void close() {
        plain.close();
        withLtm.close();
    }

    static int[] update(int u) {
        int[] ids = new int[5 + u % 7];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 4 + (u * 13 + i * 5) % 59;
        }
        return ids;
    }

    static String source(int u) {
        return u % 3 == 0 ? null : "item-" + u / 3;
    }

    @Test
    void theLongTermMemoryChangesNoPoolOverAThousandUpdates() {
        try (MemoryPool off = plain.newPool(11); MemoryPool on = withLtm.newPool(11)) {
            assertNull(off.ltm());
            for (int u = 0; u < 1000; u++) {
                Version a = plain.selfUpdate(off, update(u));
                Version b = withLtm.selfUpdate(on, update(u), source(u));
                assertEquals(a.checksum(), b.checksum(), "pool checksum at version " + a.version());
                assertNull(a.ltmChecksum());
                assertEquals(on.ltmChecksum(), b.ltmChecksum());
            }
            assertEquals(WINDOW, on.ltm().log().size());
            assertEquals(901, on.ltm().entries().get(0).version(), "the oldest block leaves first");
        }
    }

    @Test
    void everyRowWhoseWriterIsInTheLogIsOneOfThatWritersBlockRows() {
        try (MemoryPool pool = withLtm.newPool(5)) {
            for (int u = 0; u < 40; u++) {
                withLtm.selfUpdate(pool, update(u));
            }
            LongTermMemory ltm = pool.ltm();
            float[] rows = pool.toFloatArray();
            int n = ltm.poolRows();
            int k = ltm.blockRows();
            int d = ltm.hidden();
            int traced = 0;
            for (int l = 0; l < ltm.layers(); l++) {
                for (int i = 0; i < n; i++) {
                    DeltaLog.Entry writer = ltm.log().get(ltm.origin(l, i));
                    if (writer == null) {
                        continue;
                    }
                    float[] row = Arrays.copyOfRange(rows, (l * n + i) * d, (l * n + i + 1) * d);
                    boolean found = false;
                    for (int j = 0; j < k && !found; j++) {
                        found = Arrays.equals(row, Arrays.copyOfRange(writer.delta(), (l * k + j) * d,
                                (l * k + j + 1) * d));
                    }
                    assertTrue(found, "layer " + l + " row " + i + " is not a row of block " + writer.version());
                    traced++;
                }
                for (int i = n - k; i < n; i++) {
                    assertEquals(40, ltm.origin(l, i), "the newest K rows were written by the newest update");
                }
            }
            assertTrue(traced > ltm.layers() * n / 2, "most rows come from updates still in the log: " + traced);
        }
    }

    @Test
    void aSnapshotCarriesTheLogAndRestoresEveryChecksum() throws IOException {
        Path file = dir.resolve("ltm-roundtrip.safetensors");
        try (MemoryPool pool = withLtm.newPool(21)) {
            for (int u = 0; u < 130; u++) {
                withLtm.selfUpdate(pool, update(u), source(u));
            }
            pool.snapshot(file, Map.of("memory_id", "m1"));
            assertEquals("engram-pool-v2", MemoryPool.readSnapshotInfo(file).metadata().get("format"));
            try (MemoryPool restored = withLtm.restorePool(file)) {
                assertEquals(pool.checksum(), restored.checksum());
                assertEquals(pool.ltmChecksum(), restored.ltmChecksum());
                assertEquals(pool.stateChecksum(), restored.stateChecksum());
                assertEquals(MemoryPool.readSnapshotInfo(file).metadata().get("state_checksum"),
                        restored.stateChecksum());
                assertArrayEquals(pool.ltm().origins(), restored.ltm().origins());
                List<DeltaLog.Entry> a = pool.ltm().entries();
                List<DeltaLog.Entry> b = restored.ltm().entries();
                assertEquals(WINDOW, b.size());
                for (int e = 0; e < a.size(); e++) {
                    assertEquals(a.get(e).version(), b.get(e).version());
                    assertArrayEquals(a.get(e).delta(), b.get(e).delta());
                    assertArrayEquals(a.get(e).digest(), b.get(e).digest());
                    assertEquals(a.get(e).source(), b.get(e).source());
                    assertArrayEquals(a.get(e).tokens(), b.get(e).tokens());
                }
                Version next = withLtm.selfUpdate(pool, update(130), source(130));
                Version again = withLtm.selfUpdate(restored, update(130), source(130));
                assertEquals(next.checksum(), again.checksum());
                assertEquals(next.ltmChecksum(), again.ltmChecksum());
            }
        }
    }

    @Test
    void replayingFromAnEarlierSnapshotReproducesEveryLtmChecksum() throws IOException {
        Path file = dir.resolve("ltm-replay.safetensors");
        List<String> original = new ArrayList<>();
        try (MemoryPool pool = withLtm.newPool(8)) {
            for (int u = 0; u < 260; u++) {
                Version v = withLtm.selfUpdate(pool, update(u), source(u));
                original.add(v.stateChecksum());
                if (v.version() == 120) {
                    pool.snapshot(file, Map.of());
                }
            }
        }
        try (MemoryPool replayed = withLtm.restorePool(file)) {
            for (int u = 120; u < 260; u++) {
                Version v = withLtm.selfUpdate(replayed, update(u), source(u));
                assertEquals(original.get(u), v.stateChecksum(), "state checksum at version " + v.version());
            }
        }
        assertEquals(260, original.stream().distinct().count());
    }

    @Test
    void aTamperedLogIsRefused() throws IOException {
        Path file = dir.resolve("ltm-tamper.safetensors");
        try (MemoryPool pool = withLtm.newPool(4)) {
            for (int u = 0; u < 12; u++) {
                withLtm.selfUpdate(pool, update(u), source(u));
            }
            pool.snapshot(file, Map.of());
        }
        Map<String, String> metadata;
        List<TensorData> tensors = new ArrayList<>();
        try (SafetensorsFile f = Safetensors.open(file)) {
            metadata = new LinkedHashMap<>(f.metadata());
            for (String name : f.names()) {
                tensors.add(f.read(name));
            }
        }
        for (String victim : List.of(LtmSnapshot.DELTA, LtmSnapshot.SOURCE, LtmSnapshot.ORIGIN, LtmSnapshot.TOKENS)) {
            Path tampered = dir.resolve("tampered-" + victim + ".safetensors");
            List<TensorData> changed = new ArrayList<>();
            for (TensorData t : tensors) {
                changed.add(t.name().equals(victim) ? flipOneBit(t) : t);
            }
            Safetensors.write(tampered, metadata, changed);
            IOException e = assertThrows(IOException.class, () -> withLtm.restorePool(tampered).close(), victim);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
        Map<String, String> lied = new LinkedHashMap<>(metadata);
        lied.put("ltm_window", "99");
        Path otherWindow = dir.resolve("tampered-window.safetensors");
        Safetensors.write(otherWindow, lied, tensors);
        assertThrows(IOException.class, () -> withLtm.restorePool(otherWindow).close());
    }

    private static TensorData flipOneBit(TensorData t) {
        ByteBuffer bytes = ByteBuffer.allocate((int) t.byteCount());
        bytes.put(t.data()).flip();
        bytes.put(bytes.limit() - 3, (byte) (bytes.get(bytes.limit() - 3) ^ 0x10));
        return new TensorData(t.name(), t.dtype(), t.shape(), bytes);
    }

    @Test
    void aV1SnapshotRestoresWithAnEmptyLogThatSaysSo() throws IOException {
        Path file = dir.resolve("v1.safetensors");
        try (MemoryPool pool = plain.newPool(6)) {
            for (int u = 0; u < 9; u++) {
                plain.selfUpdate(pool, update(u));
            }
            pool.snapshot(file, Map.of());
        }
        assertEquals("engram-pool-v1", MemoryPool.readSnapshotInfo(file).metadata().get("format"));
        try (MemoryPool restored = withLtm.restorePool(file)) {
            assertTrue(restored.ltm().log().isEmpty());
            assertEquals(10, restored.ltm().completeFrom(), "blocks of updates 1..9 are not retrievable");
            withLtm.selfUpdate(restored, update(9));
            assertEquals(List.of(10L), restored.ltm().entries().stream().map(DeltaLog.Entry::version).toList());
        }
        try (MemoryPool restored = plain.restorePool(file)) {
            assertNull(restored.ltm(), "a model without long-term memory restores a v1 snapshot as before");
        }
    }

    @Test
    void promotingOnlyTheNewestBlockIsTodaysRead() {
        int[] prompt = {5, 9, 14, 3, 22, 7};
        try (MemoryPool pool = withLtm.newPool(13)) {
            for (int u = 0; u < 30; u++) {
                withLtm.selfUpdate(pool, update(u));
            }
            PromoteRead oracle = new PromoteRead(new OracleRetriever(30), 16, 0);
            GenerateOptions greedy = GenerateOptions.greedy(8).withStopTokens(List.of());
            Generation today = withLtm.generate(pool, prompt, greedy);
            Generation promoted = withLtm.generate(pool, prompt, greedy, oracle);
            assertArrayEquals(today.tokens(), promoted.tokens());
            assertArrayEquals(new long[] {30}, promoted.ltmVersions());
            assertEquals("oracle", promoted.ltmRetriever());
            assertEquals(0, today.ltmVersions().length);
            // the prefix a promotion of the newest block builds is the pool itself, bit for bit
            float[] built = PromotePrefix.build(pool.rows(), pool.ltm(), new long[] {30}).toFloatArray();
            assertArrayEquals(pool.toFloatArray(), built);
        }
    }

    @Test
    void promotingAnOlderBlockMovesItWholeToTheNewestEnd() {
        try (MemoryPool pool = withLtm.newPool(17)) {
            for (int u = 0; u < 30; u++) {
                withLtm.selfUpdate(pool, update(u));
            }
            LongTermMemory ltm = pool.ltm();
            int n = ltm.poolRows();
            int k = ltm.blockRows();
            int d = ltm.hidden();
            long old = 22;
            float[] rows = pool.toFloatArray();
            float[] built = PromotePrefix.build(pool.rows(), ltm, new long[] {old}).toFloatArray();
            for (int l = 0; l < ltm.layers(); l++) {
                float[] expectedTail = Arrays.copyOfRange(ltm.log().get(old).delta(), l * k * d, (l + 1) * k * d);
                assertArrayEquals(expectedTail, Arrays.copyOfRange(built, (l * n + n - k) * d, (l + 1) * n * d));
                List<Integer> others = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (ltm.origin(l, i) != old) {
                        others.add(i);
                    }
                }
                List<Integer> kept = others.subList(others.size() - (n - k), others.size());
                for (int j = 0; j < n - k; j++) {
                    int i = kept.get(j);
                    assertArrayEquals(Arrays.copyOfRange(rows, (l * n + i) * d, (l * n + i + 1) * d),
                            Arrays.copyOfRange(built, (l * n + j) * d, (l * n + j + 1) * d),
                            "layer " + l + " row " + j);
                }
            }
            Generation g = withLtm.generate(pool, new int[] {5, 9, 14}, GenerateOptions.greedy(4),
                    new PromoteRead(new OracleRetriever(old), 16, 0));
            assertArrayEquals(new long[] {old}, g.ltmVersions());
        }
    }

    @Test
    void checksumsFollowTheirDefinition() {
        try (MemoryPool pool = withLtm.newPool(2)) {
            withLtm.selfUpdate(pool, update(0), "item-a");
            withLtm.selfUpdate(pool, update(1), null);
            LongTermMemory ltm = pool.ltm();
            ByteBuffer expected = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            expected.put("engram-ltm-v1".getBytes(StandardCharsets.US_ASCII));
            expected.putLong(WINDOW).putLong(2);
            for (long[] layer : ltm.origins()) {
                for (long o : layer) {
                    expected.putLong(o);
                }
            }
            for (DeltaLog.Entry e : ltm.entries()) {
                expected.putLong(e.version()).put(LtmChecksum.digest(e.delta())).putLong(e.source());
            }
            expected.flip();
            byte[] bytes = new byte[expected.remaining()];
            expected.get(bytes);
            assertEquals("sha256:" + HexFormat.of().formatHex(LtmChecksum.sha256().digest(bytes)), pool.ltmChecksum());
            assertEquals(LtmChecksum.sourceKey("item-a"), ltm.log().get(1).source());
            assertEquals(0, ltm.log().get(2).source());
            assertNotEquals(0, ltm.log().get(1).source());
        }
    }
}
