package engram.engine.ltm;

import engram.engine.io.SafetensorsFile;
import engram.engine.io.TensorData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long-term memory's part of an {@code engram-pool-v2} snapshot (long-term-memory.md §5): tensors
 * {@code memory.origin} [L, N] i64, {@code ltm.delta} [W', L, K, d] f32, {@code ltm.version} [W'] i64,
 * {@code ltm.source} [W'] i64 and the updates' token ids ({@code ltm.tokens} i64, split by {@code ltm.token_offsets}
 * [W'+1]); metadata {@code ltm_window}, {@code ltm_complete_from}, {@code ltm_checksum}, {@code state_checksum} and
 * {@code ltm_tokens_checksum}. A restore recomputes every digest and all three checksums and refuses the file when
 * one differs.
 */
public final class LtmSnapshot {

    public static final String ORIGIN = "memory.origin";
    static final String DELTA = "ltm.delta";
    static final String VERSION = "ltm.version";
    static final String SOURCE = "ltm.source";
    static final String TOKENS = "ltm.tokens";
    static final String TOKEN_OFFSETS = "ltm.token_offsets";

    private LtmSnapshot() {
    }

    public static List<TensorData> tensors(LongTermMemory ltm) {
        List<DeltaLog.Entry> entries = ltm.entries();
        int blockValues = ltm.layers() * ltm.blockRows() * ltm.hidden();
        float[] delta = new float[entries.size() * blockValues];
        long[] versions = new long[entries.size()];
        long[] sources = new long[entries.size()];
        for (int e = 0; e < entries.size(); e++) {
            System.arraycopy(entries.get(e).delta(), 0, delta, e * blockValues, blockValues);
            versions[e] = entries.get(e).version();
            sources[e] = entries.get(e).source();
        }
        long[] offsets = tokenOffsets(entries);
        long[][] origins = ltm.origins();
        long[] flatOrigins = new long[ltm.layers() * ltm.poolRows()];
        for (int l = 0; l < origins.length; l++) {
            System.arraycopy(origins[l], 0, flatOrigins, l * ltm.poolRows(), ltm.poolRows());
        }
        return List.of(
                TensorData.ofInt64(ORIGIN, new long[] {ltm.layers(), ltm.poolRows()}, flatOrigins),
                TensorData.ofFloat32(DELTA, new long[] {entries.size(), ltm.layers(), ltm.blockRows(), ltm.hidden()},
                        delta),
                TensorData.ofInt64(VERSION, new long[] {entries.size()}, versions),
                TensorData.ofInt64(SOURCE, new long[] {entries.size()}, sources),
                TensorData.ofInt64(TOKENS, new long[] {offsets[offsets.length - 1]}, tokens(entries)),
                TensorData.ofInt64(TOKEN_OFFSETS, new long[] {offsets.length}, offsets));
    }

    public static Map<String, String> metadata(LongTermMemory ltm, String poolChecksum) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ltm_window", Integer.toString(ltm.window()));
        m.put("ltm_complete_from", Long.toString(ltm.completeFrom()));
        m.put("ltm_checksum", ltm.checksum());
        m.put("state_checksum", LtmChecksum.state(poolChecksum, ltm.checksum()));
        m.put("ltm_tokens_checksum", tokensChecksum(tokenOffsets(ltm.entries()), tokens(ltm.entries())));
        return m;
    }

    /**
     * The long-term memory a v2 snapshot holds, for a pool at {@code version} with checksum {@code poolChecksum}
     * (already verified), checked against every recorded checksum.
     */
    public static LongTermMemory read(Path file, SafetensorsFile f, Map<String, String> m, long version,
                                      String poolChecksum, int layers, int poolRows, int blockRows, int hidden)
            throws IOException {
        try {
            int window = Integer.parseInt(m.get("ltm_window"));
            long completeFrom = Long.parseLong(m.get("ltm_complete_from"));
            long[] origin = f.read(ORIGIN).toInt64();
            TensorData deltaData = f.read(DELTA);
            long[] versions = f.read(VERSION).toInt64();
            long[] sources = f.read(SOURCE).toInt64();
            long[] tokens = f.read(TOKENS).toInt64();
            long[] offsets = f.read(TOKEN_OFFSETS).toInt64();
            int entries = versions.length;
            long[] expectedShape = {entries, layers, blockRows, hidden};
            if (origin.length != layers * poolRows || !Arrays.equals(deltaData.shape(), expectedShape)
                    || sources.length != entries || offsets.length != entries + 1 || entries > window) {
                throw new IOException(file + ": long-term memory tensors do not fit the pool [" + layers + ", "
                        + poolRows + "], K = " + blockRows + ", W = " + window);
            }
            String tokensChecksum = tokensChecksum(offsets, tokens);
            if (!tokensChecksum.equals(m.get("ltm_tokens_checksum"))) {
                throw new IOException(file + ": the log's token ids have checksum " + tokensChecksum
                        + " but the snapshot records " + m.get("ltm_tokens_checksum") + " (corrupted snapshot)");
            }
            float[] delta = deltaData.toFloat32();
            int blockValues = layers * blockRows * hidden;
            DeltaLog log = new DeltaLog(window);
            for (int e = 0; e < entries; e++) {
                float[] block = Arrays.copyOfRange(delta, e * blockValues, (e + 1) * blockValues);
                int[] ids = new int[Math.toIntExact(offsets[e + 1] - offsets[e])];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = Math.toIntExact(tokens[Math.toIntExact(offsets[e]) + i]);
                }
                log.append(new DeltaLog.Entry(versions[e], block, LtmChecksum.digest(block), sources[e], ids));
            }
            if (!log.isEmpty() && log.newest() != version) {
                throw new IOException(file + ": the log ends at version " + log.newest() + ", the pool is at "
                        + version);
            }
            long[][] origins = new long[layers][];
            for (int l = 0; l < layers; l++) {
                origins[l] = Arrays.copyOfRange(origin, l * poolRows, (l + 1) * poolRows);
            }
            LongTermMemory ltm = LongTermMemory.of(layers, poolRows, blockRows, hidden, log, origins, version,
                    completeFrom);
            expect(file, "ltm_checksum", ltm.checksum(), m);
            expect(file, "state_checksum", LtmChecksum.state(poolChecksum, ltm.checksum()), m);
            return ltm;
        } catch (RuntimeException e) {
            throw new IOException(file + ": bad long-term memory in snapshot (" + e.getMessage() + ")", e);
        }
    }

    private static void expect(Path file, String key, String actual, Map<String, String> m) throws IOException {
        if (!actual.equals(m.get(key))) {
            throw new IOException(file + ": recomputed " + key + " " + actual + " but the snapshot records "
                    + m.get(key) + " (corrupted or tampered snapshot)");
        }
    }

    private static long[] tokenOffsets(List<DeltaLog.Entry> entries) {
        long[] offsets = new long[entries.size() + 1];
        for (int e = 0; e < entries.size(); e++) {
            offsets[e + 1] = offsets[e] + entries.get(e).tokens().length;
        }
        return offsets;
    }

    private static long[] tokens(List<DeltaLog.Entry> entries) {
        List<Long> all = new ArrayList<>();
        entries.forEach(e -> Arrays.stream(e.tokens()).forEach(t -> all.add((long) t)));
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static String tokensChecksum(long[] offsets, long[] tokens) {
        MessageDigest sha = LtmChecksum.sha256();
        for (long[] part : new long[][] {offsets, tokens}) {
            ByteBuffer bytes = ByteBuffer.allocate(part.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(part);
            sha.update(bytes.array());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
