package engram.train.corpus.natural;

import java.util.function.Consumer;

/**
 * The text a tokenizer for the natural corpus is trained on, as {@code engram.train.corpus.TokenizerCorpus} is for
 * the phrasebook: TRAIN only (held-out names and words must not shape the vocabulary); per item its text and each
 * question as the model sees it ("Question: ... Answer: ..."), and one prose paragraph ({@link ProseSource}, so the
 * gloss English is in the vocabulary too). The same seed and count always give the same text, hence the same
 * tokenizer.
 */
public final class NaturalTokenizerText {

    private NaturalTokenizerText() {
    }

    /** Passes the texts of {@code items} TRAIN items of {@code seed} to {@code sink}, in order. */
    public static void feed(long seed, int items, Consumer<String> sink) {
        NaturalCorpus corpus = new NaturalCorpus(seed, NaturalSplit.TRAIN);
        ProseSource prose = new ProseSource(seed + 1, NaturalSplit.TRAIN);
        for (int i = 0; i < items; i++) {
            NewsItem item = corpus.nextItem();
            sink.accept(item.text());
            for (NaturalQuestion q : item.questions()) {
                sink.accept(q.prompt() + q.target());
            }
            sink.accept(prose.nextParagraph());
        }
    }
}
