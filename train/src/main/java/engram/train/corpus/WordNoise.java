package engram.train.corpus;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wording noise for training: each fixed word of a phrasing or question (not its slot values) is replaced, with
 * probability {@code rate}, by a word of the corpus drawn at random, e.g. "{company} named {person} as chief
 * executive" may become "{company} named {person} as market executive".
 *
 * <p>Why: a model trained on five phrasings per relation learns to write and read facts by their template. Asked
 * about a fact stated in a held-out phrasing, the committed engram-tiny answers 14 % of training questions right
 * (89 % for a training phrasing), and a held-out question about a fact in a training phrasing 34 %. Noisy wording
 * makes the template words unreliable, so what pays is what the fact's values are and whom they are next to.
 *
 * <p>The replacement words are those of the training phrasings and filler. A word that only held-out templates
 * use is never drawn, so the held-out split's wording stays unseen in training.
 */
final class WordNoise {

    /** Words a fixed word may be replaced by, in a fixed order (so a seed gives the same noise everywhere). */
    static final List<String> WORDS = collect();

    /** A {slot} placeholder (kept as it is) or a run of letters (a word that may be replaced). */
    private static final Pattern SLOT_OR_WORD = Pattern.compile("\\{[a-z0-9]+}|\\p{L}+");

    private final double rate;

    WordNoise(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("word noise must be in [0, 1], got " + rate);
        }
        this.rate = rate;
    }

    boolean isOff() {
        return rate == 0;
    }

    /**
     * The template with its fixed words (letter runs of two or more outside the {slot} placeholders) replaced with
     * probability {@code rate} each; same id, relation and answer slot. Draws nothing when the rate is 0.
     */
    Template apply(Template template, Random random) {
        if (isOff()) {
            return template;
        }
        Matcher parts = SLOT_OR_WORD.matcher(template.pattern());
        StringBuilder out = new StringBuilder();
        while (parts.find()) {
            String part = parts.group();
            boolean word = part.charAt(0) != '{' && part.length() >= 2;
            String replaced = word && random.nextDouble() < rate ? WORDS.get(random.nextInt(WORDS.size())) : part;
            parts.appendReplacement(out, Matcher.quoteReplacement(replaced));
        }
        parts.appendTail(out);
        return new Template(template.id(), template.relation(), out.toString(), template.answerSlot(),
                template.heldOut());
    }

    private static List<String> collect() {
        Set<String> training = new TreeSet<>();
        for (Template t : Phrasebook.all()) {
            if (!t.heldOut()) {
                training.addAll(words(t.fixedText()));
            }
        }
        Fillers.PATTERNS.forEach(p -> training.addAll(words(Template.withoutSlots(p))));
        // held-out templates add nothing: a word they share with training wording ("the", "of") is in already
        return List.copyOf(training);
    }

    private static List<String> words(String text) {
        return FixedVocabulary.lettersRuns(text).stream().filter(w -> w.length() >= 2)
                .map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }
}
