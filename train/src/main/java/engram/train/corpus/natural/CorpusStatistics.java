package engram.train.corpus.natural;

import engram.engine.tokenizer.Tokenizer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Lengths and variety of one split's items, in words and (given a tokenizer) in tokens. */
final class CorpusStatistics {

    private final NaturalSplit split;
    private final Tokenizer tokenizer;
    private final List<Integer> words = new ArrayList<>();
    private final List<Integer> tokens = new ArrayList<>();
    private final List<Integer> questionTokens = new ArrayList<>();
    private final List<Integer> answerTokens = new ArrayList<>();
    private final List<Integer> questionsPerItem = new ArrayList<>();
    private final TreeSet<String> rules = new TreeSet<>();
    private final TreeSet<String> forms = new TreeSet<>();
    private final Map<String, Integer> relations = new TreeMap<>();
    private int conversations;
    private int sentences;

    CorpusStatistics(NaturalSplit split, Tokenizer tokenizer) {
        this.split = split;
        this.tokenizer = tokenizer;
    }

    CorpusStatistics add(NaturalCorpus corpus, int items) {
        for (int i = 0; i < items; i++) {
            add(corpus.nextItem());
        }
        return this;
    }

    void add(NewsItem item) {
        words.add(item.text().split("\\s+").length);
        sentences += item.text().split("[.?!](\\s|$)").length;
        questionsPerItem.add(item.questions().size());
        rules.addAll(item.ruleIds());
        relations.merge(item.relation(), 1, Integer::sum);
        conversations += item.kind() == NewsItem.Kind.CONVERSATION ? 1 : 0;
        for (NaturalQuestion q : item.questions()) {
            forms.add(q.formId());
            if (tokenizer != null) {
                questionTokens.add(tokenizer.encode(q.prompt()).size());
                answerTokens.add(tokenizer.encode(q.target()).size());
            }
        }
        if (tokenizer != null) {
            tokens.add(tokenizer.encode(item.text()).size());
        }
    }

    void print(PrintStream out) {
        int n = words.size();
        out.printf("%s: %d items (%d conversations), %.1f sentences/item; words/item mean %.1f p50 %d p95 %d max %d;"
                        + " questions/item %.2f; %d distinct rules, %d question forms%n", split, n, conversations,
                sentences / (double) n, mean(words), pct(words, 0.5), pct(words, 0.95), pct(words, 1), mean(
                        questionsPerItem), rules.size(), forms.size());
        if (!tokens.isEmpty()) {
            out.printf("%s tokens: item mean %.1f p95 %d max %d; fits 64: %.1f%%, fits 128: %.1f%%; question prompt"
                            + " mean %.1f max %d; answer mean %.1f max %d%n", split, mean(tokens), pct(tokens, 0.95),
                    pct(tokens, 1), 100.0 * tokens.stream().filter(t -> t <= 64).count() / n,
                    100.0 * tokens.stream().filter(t -> t <= 128).count() / n, mean(questionTokens),
                    pct(questionTokens, 1), mean(answerTokens), pct(answerTokens, 1));
        }
        out.printf("%s relations: %s%n", split, relations);
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static int pct(List<Integer> values, double q) {
        return values.isEmpty() ? 0 : NaturalCorpusTool.percentile(values.stream().mapToInt(Integer::intValue)
                .toArray(), q);
    }
}
