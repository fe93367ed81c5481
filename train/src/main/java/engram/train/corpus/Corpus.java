package engram.train.corpus;

import engram.train.corpus.natural.NaturalFacts;
import engram.train.corpus.natural.NaturalSplit;
import engram.train.corpus.natural.NaturalTokenizerText;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The corpora a model is trained and evaluated on: the phrasebook of engram-tiny (14 relations, a few phrasings
 * each, invented names; {@link CorpusGenerator}) and the natural news corpus (a grammar over a real English lexicon;
 * {@code natural.NaturalCorpus}). Splits are named as each corpus names them; both have TRAIN and HELDOUT_NAMES.
 */
public enum Corpus {
    PHRASEBOOK(List.of("HELDOUT_NAMES", "HELDOUT_TEMPLATES")),
    NATURAL(List.of("HELDOUT_NAMES", "NATURAL_HELDOUT"));

    /** The split every corpus has whose names training never saw: the step-1 gate of the evals. */
    public static final String HELDOUT_NAMES = "HELDOUT_NAMES";

    private final List<String> evalSplits;

    Corpus(List<String> evalSplits) {
        this.evalSplits = evalSplits;
    }

    /** The corpus of a name as configs write it ("phrasebook", "natural"), case-insensitive. */
    public static Corpus of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown corpus '" + name + "' (known: phrasebook, natural)");
        }
    }

    /** The held-out splits a full eval reports, the names split first. */
    public List<String> evalSplits() {
        return evalSplits;
    }

    /** Facts of one split; {@code wordNoise} applies to the phrasebook's fixed wording only (0: as written). */
    public FactSource facts(long seed, String split, double wordNoise) {
        return switch (this) {
            case PHRASEBOOK -> new CorpusGenerator(seed, Split.valueOf(split), wordNoise);
            case NATURAL -> {
                if (wordNoise > 0) {
                    throw new IllegalArgumentException("wordNoise is a phrasebook option: the natural corpus varies "
                            + "its wording by grammar");
                }
                yield new NaturalFacts(seed, NaturalSplit.valueOf(split));
            }
        };
    }

    /** The text a tokenizer for this corpus is trained on (TRAIN only): {@code samples} items' worth. */
    public void feedTokenizer(long seed, int samples, Consumer<String> sink) {
        switch (this) {
            case PHRASEBOOK -> TokenizerCorpus.feed(seed, samples, sink);
            case NATURAL -> NaturalTokenizerText.feed(seed, samples, sink);
        }
    }

    /** The name configs write. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
