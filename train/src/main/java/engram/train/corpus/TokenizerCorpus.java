package engram.train.corpus;

import java.util.function.Consumer;

/**
 * The text a tokenizer is trained on: TRAIN split only (held-out names must not shape the vocabulary), for each
 * sample its context, its question as the model sees it ("Question: ... Answer: ...") and one filler item. The same
 * seed and count always give the same text, hence the same tokenizer.
 */
public final class TokenizerCorpus {

    private TokenizerCorpus() {
    }

    /** Passes the texts of {@code samples} TRAIN samples of {@code seed} to {@code sink}, in order. */
    public static void feed(long seed, int samples, Consumer<String> sink) {
        CorpusGenerator generator = new CorpusGenerator(seed, Split.TRAIN);
        for (int i = 0; i < samples; i++) {
            Sample sample = generator.nextSample();
            sink.accept(sample.context().text());
            sink.accept(sample.question().prompt() + sample.question().target());
            sink.accept(generator.filler());
        }
    }
}
