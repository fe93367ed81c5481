package engram.app.testing;

import engram.topology.engine.TextChunk;
import engram.engine.tokenizer.Encoding;
import engram.engine.chunk.Chunker;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A deterministic stand-in for MemoryLLM at the app's edge: one token per word, a pool that keeps the token ids
 * of every update, and answers that return the remembered sentence sharing the most words with the question.
 * Snapshots are text files of the pool's token ids. Enough to see that the app wires ingest, apply, answer and
 * durability together; the model itself is tested elsewhere.
 */
public final class WordMemoryEngine implements MemoryEngine {
    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final String FORMAT = "word-engine-pool-v1";

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> words = new ArrayList<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    @Override
    public String modelId() {
        return "test-word-engine";
    }

    @Override
    public String tokenizerId() {
        return "words-v1";
    }

    @Override
    public List<TextChunk> chunk(String text, int maxTokens) {
        return new Chunker(t -> {
            EncodedText e = encode(t);
            return new Encoding(e.ids(), e.charStart(), e.charEnd());
        }, maxTokens, minChunkTokens()).chunk(text).stream().map(c -> new TextChunk(c.text(), c.tokenIds())).toList();
    }

    @Override
    public synchronized EncodedText encode(String text) {
        Matcher m = WORD.matcher(text);
        List<int[]> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(new int[] {id(m.group()), m.start(), m.end()});
        }
        return new EncodedText(tokens.stream().mapToInt(t -> t[0]).toArray(),
                tokens.stream().mapToInt(t -> t[1]).toArray(), tokens.stream().mapToInt(t -> t[2]).toArray());
    }

    private int id(String word) {
        return ids.computeIfAbsent(word, w -> {
            words.add(w);
            return words.size() - 1;
        });
    }

    @Override
    public int vocabSize() {
        return 1 << 20; // grows with every new word; far above what a test feeds
    }

    @Override
    public int maxChunkTokens() {
        return 512;
    }

    @Override
    public int minChunkTokens() {
        return 1;
    }

    @Override
    public int maxNewTokens() {
        return 64;
    }

    @Override
    public int promptTokens(String question) {
        return (int) WORD.matcher(question).results().count();
    }

    /** No position budget: the word engine answers any question. */
    @Override
    public int maxPromptTokens() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean hasMemory(String memoryId) {
        return pools.containsKey(memoryId);
    }

    @Override
    public long version(String memoryId) {
        Pool pool = pools.get(memoryId);
        return pool == null ? 0 : pool.version();
    }

    @Override
    public synchronized AppliedUpdate selfUpdate(String memoryId, UpdateInput update) {
        requireOpen();
        Pool pool = pools.computeIfAbsent(memoryId, m -> new Pool(this));
        return pool.apply(update);
    }

    @Override
    public synchronized GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        requireOpen();
        Pool pool = pools.get(memoryId);
        return answer(pool == null ? List.of() : pool.updates, question, maxNewTokens);
    }

    @Override
    public PoolHandle pool(String memoryId) {
        return pools.get(memoryId);
    }

    @Override
    public void install(String memoryId, PoolHandle pool) {
        pools.put(memoryId, own(pool));
    }

    @Override
    public PoolHandle newPool(String memoryId) {
        return new Pool(this);
    }

    @Override
    public AppliedUpdate selfUpdate(PoolHandle pool, UpdateInput update) {
        return own(pool).apply(update);
    }

    @Override
    public synchronized GeneratedAnswer answer(PoolHandle pool, String question, int maxNewTokens) {
        return answer(own(pool).updates, question, maxNewTokens);
    }

    @Override
    public PoolHandle copy(PoolHandle pool) {
        Pool copy = new Pool(this);
        copy.updates.addAll(own(pool).updates);
        return copy;
    }

    /** The format line, version, checksum, the metadata, then one line of token ids per update. */
    @Override
    public void writeSnapshot(PoolHandle handle, Path file, Map<String, String> metadata) throws IOException {
        Pool pool = own(handle);
        List<String> lines = new ArrayList<>(List.of(FORMAT, Long.toString(pool.version()), pool.checksum()));
        metadata.forEach((k, v) -> lines.add("meta " + URLEncoder.encode(k, StandardCharsets.UTF_8) + " "
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        pool.updates.forEach(u -> lines.add("update " + Arrays.stream(u).mapToObj(Integer::toString)
                .collect(Collectors.joining(","))));
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public SnapshotInfo readSnapshotInfo(Path file) throws IOException {
        List<String> lines = lines(file);
        Map<String, String> metadata = new LinkedHashMap<>();
        lines.stream().filter(l -> l.startsWith("meta ")).map(l -> l.split(" ", -1)).forEach(p -> metadata.put(
                URLDecoder.decode(p[1], StandardCharsets.UTF_8), URLDecoder.decode(p[2], StandardCharsets.UTF_8)));
        return new SnapshotInfo(Long.parseLong(lines.get(1)), lines.get(2), modelId(), metadata);
    }

    @Override
    public PoolHandle restoreSnapshot(Path file) throws IOException {
        List<String> lines = lines(file);
        Pool pool = new Pool(this);
        lines.stream().filter(l -> l.startsWith("update ")).forEach(l -> pool.updates.add(l.length() == 7 ? new int[0]
                : Arrays.stream(l.substring(7).split(",")).mapToInt(Integer::parseInt).toArray()));
        if (!pool.checksum().equals(lines.get(2))) {
            throw new IOException(file + ": the updates have checksum " + pool.checksum() + " but the snapshot records "
                    + lines.get(2) + " (corrupted snapshot)");
        }
        return pool;
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !FORMAT.equals(lines.get(0))) {
            throw new IOException(file + " is not a word-engine snapshot");
        }
        return lines;
    }

    private Pool own(PoolHandle pool) {
        if (pool instanceof Pool p && p.engine == this) {
            return p;
        }
        throw new IllegalArgumentException("not a pool of this engine");
    }

    private GeneratedAnswer answer(List<int[]> pool, String question, int maxNewTokens) {
        List<String> asked = significant(question);
        String best = "";
        int bestScore = 0;
        for (int[] update : pool) {
            for (String sentence : text(update).split("(?<=[.!?])\\s+")) {
                List<String> have = significant(sentence);
                int score = (int) asked.stream().filter(have::contains).count();
                if (score > bestScore) {
                    bestScore = score;
                    best = sentence;
                }
            }
        }
        String[] answerWords = best.isEmpty() ? new String[0] : best.split(" ");
        int n = Math.min(answerWords.length, maxNewTokens);
        return new GeneratedAnswer(String.join(" ", Arrays.copyOf(answerWords, n)), pool.size(), n);
    }

    private String text(int[] tokenIds) {
        StringBuilder b = new StringBuilder();
        for (int id : tokenIds) {
            b.append(b.length() == 0 ? "" : " ").append(words.get(id));
        }
        return b.toString();
    }

    private static List<String> significant(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 3).toList();
    }

    private volatile boolean closed;

    /** Whether the service closed the engine (it must, after the topology stopped). */
    public boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("engine used after close");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A pool: the token ids of every update, in order. */
    private static final class Pool implements PoolHandle {
        final WordMemoryEngine engine;
        final List<int[]> updates = new ArrayList<>();

        Pool(WordMemoryEngine engine) {
            this.engine = engine;
        }

        AppliedUpdate apply(UpdateInput update) {
            long t0 = System.nanoTime();
            updates.add(update.tokenIds());
            return new AppliedUpdate(version(), version(), checksum(), (System.nanoTime() - t0) / 1000);
        }

        @Override
        public long version() {
            return updates.size();
        }

        @Override
        public String checksum() {
            long checksum = 17;
            for (int[] update : updates) {
                checksum = 31 * checksum + Arrays.hashCode(update);
            }
            return Long.toHexString(checksum);
        }

        @Override
        public void close() {
            // nothing held beyond the heap
        }
    }
}
