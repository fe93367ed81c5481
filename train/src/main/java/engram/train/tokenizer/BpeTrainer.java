package engram.train.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains a byte-level BPE vocabulary (GPT-2 style, as Hugging Face's BpeTrainer does) in plain Java: the DJL
 * tokenizers binding can load a tokenizer.json but not train one (stack-notes §3).
 *
 * <p>Feed text with {@link #add}; it is split into words and only word frequencies are kept, so memory grows with
 * the number of distinct words, not with the text. {@link #train} then merges the most frequent adjacent symbol pair
 * until the vocabulary is full, updating pair counts incrementally: each merge touches only the words that contain
 * the pair. Ties are broken by the pair's spelling, so the result depends only on the text and the vocabulary size,
 * never on hash order.
 */
public final class BpeTrainer {

    /** End of text (also usable as BOS and document separator, as in GPT-2), then padding. */
    public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of("<|endoftext|>", "<|pad|>");

    /** A pair seen once is not worth a token. */
    private static final long MIN_PAIR_COUNT = 2;
    private static final int PROGRESS_EVERY_MERGES = 256;
    private static final int PAIR_SHIFT = 20;
    /** Symbol ids must fit in {@link #PAIR_SHIFT} bits. */
    private static final int MAX_VOCAB_SIZE = 1 << PAIR_SHIFT;

    private final Map<String, long[]> countBySpelledWord = new HashMap<>();
    private long bytesAdded;

    /** Counts the words of {@code text}. */
    public BpeTrainer add(String text) {
        Objects.requireNonNull(text, "text");
        for (String word : ByteLevel.words(text)) {
            String spelled = ByteLevel.spell(word);
            bytesAdded += spelled.length();
            countBySpelledWord.computeIfAbsent(spelled, w -> new long[1])[0]++;
        }
        return this;
    }

    /** UTF-8 bytes of all text added so far. */
    public long bytesAdded() {
        return bytesAdded;
    }

    /** Distinct words of all text added so far. */
    public int distinctWords() {
        return countBySpelledWord.size();
    }

    /**
     * Learns merges until the vocabulary (256 byte symbols + merged symbols + {@code specialTokens}) has
     * {@code vocabSize} entries, or no pair occurs twice any more.
     *
     * @param progress receives a line every few hundred merges
     */
    public BpeModel train(int vocabSize, List<String> specialTokens, Consumer<String> progress) {
        List<String> specials = List.copyOf(specialTokens);
        if (new HashSet<>(specials).size() != specials.size()) {
            throw new IllegalArgumentException("duplicate special tokens: " + specials);
        }
        if (vocabSize > MAX_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocab size " + vocabSize + " is above the supported " + MAX_VOCAB_SIZE);
        }
        if (vocabSize < 256 + specials.size()) {
            throw new IllegalArgumentException("vocab size " + vocabSize + " cannot hold the 256 byte symbols and "
                    + specials.size() + " special tokens");
        }
        return new Run(vocabSize - specials.size(), progress).train(specials);
    }

    /** One training run: mutable symbol sequences of the distinct words and the pair statistics over them. */
    private final class Run {
        private final int symbolTarget;
        private final Consumer<String> progress;
        private final List<String> symbols = new ArrayList<>();
        private final Map<String, Integer> symbolIds = new HashMap<>();
        private final int[][] words;
        private final long[] frequency;
        private final Map<Long, Long> pairCount = new HashMap<>();
        private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
        private final PriorityQueue<Candidate> queue;

        Run(int symbolTarget, Consumer<String> progress) {
            this.symbolTarget = symbolTarget;
            this.progress = progress;
            for (int b = 0; b < 256; b++) {
                addSymbol(String.valueOf(ByteLevel.symbol(b)));
            }
            int[] byteIdOfSymbol = new int[512];
            for (int b = 0; b < 256; b++) {
                byteIdOfSymbol[ByteLevel.symbol(b)] = b;
            }
            String[] spelled = countBySpelledWord.keySet().toArray(new String[0]);
            Arrays.sort(spelled);
            words = new int[spelled.length][];
            frequency = new long[spelled.length];
            for (int w = 0; w < spelled.length; w++) {
                int[] word = new int[spelled[w].length()];
                for (int i = 0; i < word.length; i++) {
                    word[i] = byteIdOfSymbol[spelled[w].charAt(i)];
                }
                words[w] = word;
                frequency[w] = countBySpelledWord.get(spelled[w])[0];
            }
            queue = new PriorityQueue<>(Comparator.comparingLong(Candidate::count).reversed()
                    .thenComparing(c -> symbols.get(left(c.pair())))
                    .thenComparing(c -> symbols.get(right(c.pair()))));
        }

        BpeModel train(List<String> specials) {
            long started = System.nanoTime();
            progress.accept(String.format("BPE: %d distinct words, %d bytes; target %d symbols + %d special tokens",
                    words.length, bytesAdded, symbolTarget, specials.size()));
            for (int w = 0; w < words.length; w++) {
                int[] word = words[w];
                for (int i = 0; i + 1 < word.length; i++) {
                    long pair = pair(word[i], word[i + 1]);
                    pairCount.merge(pair, frequency[w], Long::sum);
                    wordsWithPair.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
                }
            }
            pairCount.forEach((pair, count) -> queue.add(new Candidate(pair, count)));

            List<String> merges = new ArrayList<>();
            while (symbols.size() < symbolTarget) {
                Candidate best = queue.poll();
                if (best == null) {
                    break;
                }
                Long current = pairCount.get(best.pair());
                if (current == null || current != best.count()) {
                    // stale: counts only fall without a fresh entry, so re-queue at the lower count
                    if (current != null && current < best.count()) {
                        queue.add(new Candidate(best.pair(), current));
                    }
                    continue;
                }
                if (current < MIN_PAIR_COUNT) {
                    break;
                }
                if (specials.contains(symbols.get(left(best.pair())) + symbols.get(right(best.pair())))) {
                    // the text spells a special token: that spelling must stay the special token's alone
                    pairCount.remove(best.pair());
                    wordsWithPair.remove(best.pair());
                    continue;
                }
                merge(best.pair(), merges);
                if (merges.size() % PROGRESS_EVERY_MERGES == 0) {
                    progress.accept(String.format("BPE: %d merges, %d symbols, last \"%s\" (count %d), %.1f s",
                            merges.size(), symbols.size(), merges.get(merges.size() - 1), current,
                            (System.nanoTime() - started) / 1e9));
                }
            }
            progress.accept(String.format("BPE: done, %d merges, %d symbols + %d special tokens in %.1f s",
                    merges.size(), symbols.size(), specials.size(), (System.nanoTime() - started) / 1e9));
            List<String> tokens = new ArrayList<>(symbols);
            tokens.addAll(specials);
            return new BpeModel(tokens, merges, specials);
        }

        private void merge(long pair, List<String> merges) {
            int a = left(pair);
            int b = right(pair);
            String merged = symbols.get(a) + symbols.get(b);
            // two different merges can spell the same symbol ("ab"+"c", "a"+"bc"): they share its id
            Integer existing = symbolIds.get(merged);
            int mergedId = existing != null ? existing : addSymbol(merged);
            merges.add(symbols.get(a) + " " + symbols.get(b));

            Map<Long, Long> delta = new HashMap<>();
            for (int w : wordsWithPair.remove(pair)) {
                mergeInWord(w, a, b, mergedId, delta);
            }
            delta.forEach((p, d) -> {
                if (d == 0) {
                    return;
                }
                long count = pairCount.getOrDefault(p, 0L) + d;
                if (count <= 0) {
                    pairCount.remove(p);
                } else {
                    pairCount.put(p, count);
                    if (d > 0) {
                        queue.add(new Candidate(p, count));
                    }
                }
            });
            pairCount.remove(pair);
        }

        /**
         * Replaces every non-overlapping (a, b) in word {@code w}, left to right, by {@code merged} and records the
         * change of pair counts in {@code delta}. Only pairs touching a replaced occurrence change, so only those
         * are subtracted (old word) and added (new word); the pairs in between are the same before and after.
         */
        private void mergeInWord(int w, int a, int b, int merged, Map<Long, Long> delta) {
            int[] before = words[w];
            long f = frequency[w];
            int[] after = new int[before.length];
            int[] mergedAt = new int[before.length];
            int n = 0;
            int merges = 0;
            int lastOldPair = -1;
            for (int i = 0; i < before.length; i++) {
                if (i + 1 < before.length && before[i] == a && before[i + 1] == b) {
                    // old pairs (prev, a), (a, b), (b, next), each subtracted once even when occurrences touch
                    for (int j = Math.max(i - 1, lastOldPair + 1); j <= Math.min(i + 1, before.length - 2); j++) {
                        delta.merge(pair(before[j], before[j + 1]), -f, Long::sum);
                        lastOldPair = j;
                    }
                    mergedAt[merges++] = n;
                    after[n++] = merged;
                    i++;
                } else {
                    after[n++] = before[i];
                }
            }
            if (merges == 0) {
                return; // the word lost this pair to an earlier merge
            }
            int lastNewPair = -1;
            for (int m = 0; m < merges; m++) {
                int k = mergedAt[m];
                for (int j = Math.max(k - 1, lastNewPair + 1); j <= Math.min(k, n - 2); j++) {
                    long p = pair(after[j], after[j + 1]);
                    delta.merge(p, f, Long::sum);
                    wordsWithPair.computeIfAbsent(p, x -> new HashSet<>()).add(w);
                    lastNewPair = j;
                }
            }
            words[w] = Arrays.copyOf(after, n);
        }

        private int addSymbol(String symbol) {
            int id = symbols.size();
            symbols.add(symbol);
            symbolIds.put(symbol, id);
            return id;
        }
    }

    /**
     * Two symbol ids in one long. Not a << 32: Long.hashCode is the XOR of the halves, so every pair of small ids
     * would collide with (b, a) and the hash maps would degrade into trees.
     */
    private static long pair(int a, int b) {
        return ((long) a << PAIR_SHIFT) | b;
    }

    private static int left(long pair) {
        return (int) (pair >>> PAIR_SHIFT);
    }

    private static int right(long pair) {
        return (int) (pair & ((1L << PAIR_SHIFT) - 1));
    }

    private record Candidate(long pair, long count) {
    }
}
