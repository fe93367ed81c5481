package engram.app.testing;

import engram.engine.tokenizer.Encoding;
import engram.topology.engine.AppliedUpdate;
import engram.topology.engine.GeneratedAnswer;
import engram.topology.engine.MemoryEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for MemoryLLM at the app's edge: one token per word, a pool that keeps the token ids
 * of every update, and answers that return the remembered sentence sharing the most words with the question.
 * Enough to see that the app wires ingest, apply and answer together; the model itself is tested elsewhere.
 */
public final class WordMemoryEngine implements MemoryEngine {
    private static final Pattern WORD = Pattern.compile("\\S+");

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> words = new ArrayList<>();
    private final Map<String, List<int[]>> pools = new ConcurrentHashMap<>();

    @Override
    public String modelId() {
        return "test-word-engine";
    }

    @Override
    public String tokenizerId() {
        return "words-v1";
    }

    @Override
    public synchronized Encoding encode(String text) {
        Matcher m = WORD.matcher(text);
        List<int[]> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(new int[] {id(m.group()), m.start(), m.end()});
        }
        return new Encoding(tokens.stream().mapToInt(t -> t[0]).toArray(),
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
        return pools.getOrDefault(memoryId, List.of()).size();
    }

    @Override
    public synchronized AppliedUpdate selfUpdate(String memoryId, String updateId, int[] tokenIds) {
        requireOpen();
        long t0 = System.nanoTime();
        List<int[]> pool = pools.computeIfAbsent(memoryId, m -> new ArrayList<>());
        pool.add(tokenIds.clone());
        long checksum = 17;
        for (int[] update : pool) {
            checksum = 31 * checksum + Arrays.hashCode(update);
        }
        return new AppliedUpdate(pool.size(), pool.size(), Long.toHexString(checksum), (System.nanoTime() - t0) / 1000);
    }

    @Override
    public synchronized GeneratedAnswer answer(String memoryId, String question, int maxNewTokens) {
        requireOpen();
        List<String> asked = significant(question);
        String best = "";
        int bestScore = 0;
        for (int[] update : pools.getOrDefault(memoryId, List.of())) {
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
        return new GeneratedAnswer(String.join(" ", Arrays.copyOf(answerWords, n)), version(memoryId), n);
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
}
