package engram.topology.testing;

import engram.engine.tokenizer.Encoding;
import engram.engine.tokenizer.Tokenizer;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic stand-in for MemoryLLM at the topology's edge, over the real tokenizer. It records every
 * applied token sequence per memory, derives the pool checksum as a hash chain over them (so the checksum of
 * version v names exactly updates 1..v in order), and answers a question with the applied sentence that shares
 * the most words with it. Thread-safe, so a test can read what was applied while the streams run.
 */
public final class RecordingMemoryEngine implements MemoryEngine {

    public static final String MODEL_ID = "recording-engine";

    /** One applied update as the engine saw it. */
    public record Applied(String updateId, int[] tokenIds, String text) {}

    private final Tokenizer tokenizer;
    private final int maxChunkTokens;
    private final int minChunkTokens;
    private final int maxNewTokens;
    private final Map<String, List<Applied>> applied = new LinkedHashMap<>();
    private final Map<String, String> checksums = new LinkedHashMap<>();
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
    public Encoding encode(String text) {
        if (failEncodingOf != null && text.contains(failEncodingOf)) {
            throw new IllegalStateException("the tokenizer refused the text (simulated)");
        }
        return tokenizer.encode(text);
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
        return applied.containsKey(memoryId);
    }

    @Override
    public synchronized long version(String memoryId) {
        return applied.getOrDefault(memoryId, List.of()).size();
    }

    /** Makes every self-update take this long, like a forward pass of a real model. */
    public RecordingMemoryEngine withSimulatedUpdateCost(long millis) {
        this.simulatedUpdateMillis = millis;
        return this;
    }

    @Override
    public AppliedUpdate selfUpdate(String memoryId, String updateId, int[] tokenIds) {
        long started = System.nanoTime();
        if (simulatedUpdateMillis > 0) {
            try {
                Thread.sleep(simulatedUpdateMillis); // the cost of a forward pass, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        synchronized (this) {
            return record(memoryId, updateId, tokenIds, started);
        }
    }

    private AppliedUpdate record(String memoryId, String updateId, int[] tokenIds, long started) {
        List<Applied> pool = applied.computeIfAbsent(memoryId, id -> new ArrayList<>());
        pool.add(new Applied(updateId, tokenIds.clone(), tokenizer.decode(tokenIds)));
        String checksum = chain(checksums.getOrDefault(memoryId, "initial"), tokenIds);
        checksums.put(memoryId, checksum);
        long version = pool.size();
        return new AppliedUpdate(version, memoryId.hashCode() * 31L + version, checksum,
                (System.nanoTime() - started) / 1000);
    }

    @Override
    public synchronized GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        List<Applied> pool = applied.getOrDefault(memoryId, List.of());
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
        String text = generated == ids.length ? best : tokenizer.decode(java.util.Arrays.copyOf(ids, generated));
        return new GeneratedAnswer(text, pool.size(), generated);
    }

    /** Everything applied to {@code memoryId}, in order. */
    public synchronized List<Applied> applied(String memoryId) {
        return List.copyOf(applied.getOrDefault(memoryId, List.of()));
    }

    /** Every memory id with at least one applied update. */
    public synchronized List<String> memoryIds() {
        return List.copyOf(applied.keySet());
    }

    @Override
    public void close() {
        tokenizer.close();
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
}
