package engram.topology.testing;

import engram.topology.engine.TextChunk;
import engram.engine.chunk.Chunker;
import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.EncodedText;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.PoolHandle;
import engram.topology.engine.SnapshotInfo;
import engram.topology.engine.UpdateInput;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A deterministic stand-in for MemoryLLM at the topology's edge, over the real tokenizer. A pool is the list of token
 * sequences applied to it, and its checksum a hash chain over them (so the checksum of version v names exactly
 * updates 1..v in order); a question is answered with the applied sentence that shares the most words with it.
 * Snapshots are small text files holding the applied updates, checked against the chain when restored. Thread-safe,
 * so a test can read what was applied while the streams run.
 */
public final class RecordingMemoryEngine implements MemoryEngine {

    public static final String MODEL_ID = "recording-engine";
    /** The first line of a snapshot file. */
    static final String FORMAT = "recording-engine-pool-v1";
    private static final String INITIAL = "initial";

    /** One applied update as the engine saw it. */
    public record Applied(String updateId, int[] tokenIds, String text) {}

    private final Tokenizer tokenizer;
    private final int maxChunkTokens;
    private final int minChunkTokens;
    private final int maxNewTokens;
    private final Map<String, Pool> live = new LinkedHashMap<>();
    private volatile long simulatedUpdateMillis;
    private volatile int maxPromptTokens = Integer.MAX_VALUE;
    private volatile String failEncodingOf;

    public RecordingMemoryEngine(Tokenizer tokenizer, int maxChunkTokens, int minChunkTokens, int maxNewTokens) {
        this.tokenizer = tokenizer;
        this.maxChunkTokens = maxChunkTokens;
        this.minChunkTokens = minChunkTokens;
        this.maxNewTokens = maxNewTokens;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public String tokenizerId() {
        return tokenizer.id();
    }

    @Override
    public List<TextChunk> chunk(String text, int maxTokens) {
        return new Chunker(t -> {
            EncodedText e = encode(t);
            return new Encoding(e.ids(), e.charStart(), e.charEnd());
        }, maxTokens, minChunkTokens()).chunk(text).stream().map(c -> new TextChunk(c.text(), c.tokenIds())).toList();
    }

    @Override
    public EncodedText encode(String text) {
        if (failEncodingOf != null && text.contains(failEncodingOf)) {
            throw new IllegalStateException("the tokenizer refused the text (simulated)");
        }
        Encoding encoding = tokenizer.encode(text);
        return new EncodedText(encoding.ids(), encoding.charStart(), encoding.charEnd());
    }

    /** From now on, encoding a text that contains {@code marker} fails, as a broken tokenizer would. */
    public void failEncodingOf(String marker) {
        this.failEncodingOf = marker;
    }

    @Override
    public int vocabSize() {
        return tokenizer.vocabSize();
    }

    @Override
    public int maxChunkTokens() {
        return maxChunkTokens;
    }

    @Override
    public int minChunkTokens() {
        return minChunkTokens;
    }

    @Override
    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** The question itself is the prompt here. */
    @Override
    public int promptTokens(String question) {
        return tokenizer.encode(question).ids().length;
    }

    @Override
    public int maxPromptTokens() {
        return maxPromptTokens;
    }

    /** Gives the engine a position budget, as a real model has: longer prompts must not reach {@link #answer}. */
    public RecordingMemoryEngine withMaxPromptTokens(int tokens) {
        this.maxPromptTokens = tokens;
        return this;
    }

    @Override
    public synchronized boolean hasMemory(String memoryId) {
        return live.containsKey(memoryId);
    }

    @Override
    public synchronized long version(String memoryId) {
        Pool pool = live.get(memoryId);
        return pool == null ? 0 : pool.version();
    }

    /** Makes every self-update take this long, like a forward pass of a real model. */
    public RecordingMemoryEngine withSimulatedUpdateCost(long millis) {
        this.simulatedUpdateMillis = millis;
        return this;
    }

    @Override
    public AppliedUpdate selfUpdate(String memoryId, UpdateInput update) {
        long started = System.nanoTime();
        simulateCost();
        synchronized (this) {
            Pool pool = live.computeIfAbsent(memoryId, id -> {
                Pool created = new Pool(this, id);
                created.liveAs = id;
                return created;
            });
            return pool.apply(update, started);
        }
    }

    @Override
    public synchronized GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        Pool pool = live.get(memoryId);
        return answer(pool == null ? List.of() : pool.applied, question, maxNewTokens);
    }

    @Override
    public synchronized PoolHandle pool(String memoryId) {
        return live.get(memoryId);
    }

    @Override
    public synchronized void install(String memoryId, PoolHandle handle) {
        Pool pool = own(handle);
        if (pool.liveAs != null && !pool.liveAs.equals(memoryId)) {
            throw new IllegalArgumentException("already the live pool of memory '" + pool.liveAs + "'");
        }
        pool.liveAs = memoryId;
        Pool previous = live.put(memoryId, pool);
        if (previous != null && previous != pool) {
            previous.liveAs = null;
            previous.close();
        }
    }

    @Override
    public PoolHandle newPool(String memoryId) {
        return new Pool(this, memoryId);
    }

    @Override
    public AppliedUpdate selfUpdate(PoolHandle handle, UpdateInput update) {
        long started = System.nanoTime();
        Pool pool = own(handle);
        if (pool.liveAs != null) {
            throw new IllegalArgumentException("the live pool of '" + pool.liveAs + "' is updated by memory id");
        }
        simulateCost();
        return pool.apply(update, started);
    }

    @Override
    public GeneratedAnswer answer(PoolHandle pool, String question, int maxNewTokens) {
        return answer(own(pool).applied, question, maxNewTokens);
    }

    @Override
    public synchronized PoolHandle copy(PoolHandle handle) {
        Pool pool = own(handle);
        Pool copy = new Pool(this, pool.memoryId);
        copy.applied.addAll(pool.applied);
        copy.checksum = pool.checksum;
        return copy;
    }

    /**
     * A text file: the format line, the header (version, checksum, model, memory), the metadata, then one line per
     * applied update. Written to a temporary file and renamed, as the real engine does.
     */
    @Override
    public void writeSnapshot(PoolHandle handle, Path file, Map<String, String> metadata) throws IOException {
        Pool pool = own(handle);
        List<String> lines = new ArrayList<>();
        lines.add(FORMAT);
        lines.add("version " + pool.version());
        lines.add("checksum " + pool.checksum);
        lines.add("model " + MODEL_ID);
        lines.add("memory " + encoded(pool.memoryId));
        new TreeMap<>(metadata).forEach((k, v) -> lines.add("meta " + encoded(k) + " " + encoded(v)));
        for (Applied a : pool.applied) {
            lines.add("update " + encoded(a.updateId()) + " " + Arrays.stream(a.tokenIds())
                    .mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public SnapshotInfo readSnapshotInfo(Path file) throws IOException {
        Snapshot s = Snapshot.read(file);
        return new SnapshotInfo(s.version, s.checksum, s.modelId, s.metadata);
    }

    @Override
    public PoolHandle restoreSnapshot(Path file) throws IOException {
        Snapshot s = Snapshot.read(file);
        if (!MODEL_ID.equals(s.modelId)) {
            throw new IOException(file + " was written for model " + s.modelId + ", not " + MODEL_ID);
        }
        Pool pool = new Pool(this, s.memoryId);
        for (int i = 0; i < s.updateIds.size(); i++) {
            pool.record(s.updateIds.get(i), s.tokens.get(i));
        }
        if (pool.version() != s.version || !pool.checksum.equals(s.checksum)) {
            throw new IOException(file + ": contents have version " + pool.version() + " and checksum " + pool.checksum
                    + " but the snapshot records " + s.version + " and " + s.checksum + " (corrupted snapshot)");
        }
        return pool;
    }

    /** Everything applied to the live pool of {@code memoryId}, in order. */
    public synchronized List<Applied> applied(String memoryId) {
        Pool pool = live.get(memoryId);
        return pool == null ? List.of() : List.copyOf(pool.applied);
    }

    /** Every memory id with a live pool. */
    public synchronized List<String> memoryIds() {
        return List.copyOf(live.keySet());
    }

    /** The checksum of the pool that holds exactly {@code tokenIds}, applied in order to a new pool. */
    public static String checksumOf(List<int[]> tokenIds) {
        String checksum = INITIAL;
        for (int[] ids : tokenIds) {
            checksum = chain(checksum, ids);
        }
        return checksum;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private void simulateCost() {
        if (simulatedUpdateMillis > 0) {
            try {
                Thread.sleep(simulatedUpdateMillis); // the cost of a forward pass, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Pool own(PoolHandle handle) {
        if (handle instanceof Pool pool && pool.engine == this) {
            if (pool.closed) {
                throw new IllegalStateException("the pool is closed");
            }
            return pool;
        }
        throw new IllegalArgumentException("not a pool of this engine");
    }

    private GeneratedAnswer answer(List<Applied> pool, String question, int maxNewTokens) {
        List<String> questionWords = words(question);
        String best = "";
        int bestScore = 0;
        for (Applied update : pool) {
            for (String sentence : update.text().split("(?<=[.!?])\\s+")) {
                int score = 0;
                List<String> sentenceWords = words(sentence);
                for (String word : questionWords) {
                    if (sentenceWords.contains(word)) {
                        score++;
                    }
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = sentence.strip();
                }
            }
        }
        int[] ids = tokenizer.encode(best).ids();
        int generated = Math.min(ids.length, maxNewTokens);
        String text = generated == ids.length ? best : tokenizer.decode(Arrays.copyOf(ids, generated));
        return new GeneratedAnswer(text, pool.size(), generated);
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 3) { // skip what, who, the, is ...
                out.add(word);
            }
        }
        return out;
    }

    private static String chain(String previous, int[] tokenIds) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous.getBytes(StandardCharsets.UTF_8));
            ByteBuffer ids = ByteBuffer.allocate(tokenIds.length * 4);
            for (int id : tokenIds) {
                ids.putInt(id);
            }
            digest.update(ids.array());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A pool: the updates applied to it and the hash chain over them. */
    private static final class Pool implements PoolHandle {
        final RecordingMemoryEngine engine;
        /** The memory it was made for: its drop seeds derive from the id, as the real engine's do. */
        final String memoryId;
        final List<Applied> applied = new ArrayList<>();
        String checksum = INITIAL;
        String liveAs;
        boolean closed;

        Pool(RecordingMemoryEngine engine, String memoryId) {
            this.engine = engine;
            this.memoryId = memoryId;
        }

        AppliedUpdate apply(UpdateInput update, long startedNanos) {
            record(update.updateId(), update.tokenIds());
            long version = applied.size();
            return new AppliedUpdate(version, memoryId.hashCode() * 31L + version, checksum,
                    (System.nanoTime() - startedNanos) / 1000);
        }

        void record(String updateId, int[] tokenIds) {
            applied.add(new Applied(updateId, tokenIds.clone(), engine.tokenizer.decode(tokenIds)));
            checksum = chain(checksum, tokenIds);
        }

        @Override
        public long version() {
            return applied.size();
        }

        @Override
        public String checksum() {
            return checksum;
        }

        @Override
        public void close() {
            if (liveAs != null) {
                throw new IllegalStateException("the live pool of memory '" + liveAs + "' belongs to the engine");
            }
            closed = true;
        }
    }

    /** A snapshot file as read back. */
    private record Snapshot(long version, String checksum, String modelId, String memoryId,
                            Map<String, String> metadata, List<String> updateIds, List<int[]> tokens) {

        static Snapshot read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !FORMAT.equals(lines.get(0))) {
                throw new IOException(file + " is not a recording-engine snapshot");
            }
            Map<String, String> header = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            List<String> updateIds = new ArrayList<>();
            List<int[]> tokens = new ArrayList<>();
            try {
                for (String line : lines.subList(1, lines.size())) {
                    String[] parts = line.split(" ", -1);
                    switch (parts[0]) {
                        case "meta" -> metadata.put(decoded(parts[1]), decoded(parts[2]));
                        case "update" -> {
                            updateIds.add(decoded(parts[1]));
                            tokens.add(parts[2].isEmpty() ? new int[0]
                                    : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray());
                        }
                        default -> header.put(parts[0], parts[1]);
                    }
                }
                return new Snapshot(Long.parseLong(header.get("version")), header.get("checksum"),
                        header.get("model"), decoded(header.get("memory")), metadata, updateIds, tokens);
            } catch (RuntimeException e) {
                throw new IOException(file + ": unreadable snapshot (corrupted snapshot): " + e, e);
            }
        }

        private static String decoded(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }
}
