package engram.train.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * The synthetic corpus: facts about invented people, companies, places, products and events, each stated by a
 * short news sentence or conversation turn, with questions whose answers are spans of that text, plus unrelated
 * filler. Seeded and reproducible: the same seed, split and sequence of calls give the same output on every JVM
 * ({@link Random} is specified bit for bit).
 *
 * <p>Typical use by a trainer: {@code Sample s = generator.nextSample();} then inject {@code s.context().text()}
 * and train on {@code s.question().prompt()} → {@code s.question().target()}.
 */
public final class CorpusGenerator implements FactSource {

    /** Probability that a context also carries a sentence about another fact. */
    static final double DISTRACTOR_FACT_PROBABILITY = 0.35;
    /** Probability that a context (without a distractor fact) also carries a filler sentence. */
    static final double DISTRACTOR_FILLER_PROBABILITY = 0.2;

    private final Split split;
    private final Random random;
    private final NameGenerator names;
    private final FactFactory facts;
    private final Map<Relation, List<Template>> contexts = new HashMap<>();
    private final Map<Relation, List<Template>> questions = new HashMap<>();
    private final WordNoise wordNoise;

    public CorpusGenerator(long seed, Split split) {
        this(seed, split, 0);
    }

    /**
     * A generator whose phrasings and questions have each fixed word replaced by a random corpus word with
     * probability {@code wordNoise} ({@link WordNoise}: a training option; 0 gives exactly the plain generator).
     */
    public CorpusGenerator(long seed, Split split, double wordNoise) {
        this.split = Objects.requireNonNull(split, "split");
        this.wordNoise = new WordNoise(wordNoise);
        // the split joins the seed so that HELDOUT_NAMES and HELDOUT_TEMPLATES with one seed differ
        this.random = new Random(seed * 31 + split.ordinal());
        this.names = new NameGenerator(random, split.usesHeldOutNames(), FixedVocabulary.words());
        this.facts = new FactFactory(random, names);
        for (Relation relation : Relation.values()) {
            contexts.put(relation, Phrasebook.contexts(relation, split.usesHeldOutTemplates()));
            questions.put(relation, Phrasebook.questions(relation, split.usesHeldOutTemplates()));
        }
    }

    public Split split() {
        return split;
    }

    /** A new fact of a uniformly drawn relation. */
    public Fact nextFact() {
        return nextFact(Values.pick(random, List.of(Relation.values())));
    }

    /** A new fact of the given relation. */
    public Fact nextFact(Relation relation) {
        return facts.make(Objects.requireNonNull(relation, "relation"));
    }

    /** One sentence stating the fact, in a phrasing of this split. */
    public Document sentence(Fact fact) {
        return sentence(fact, contexts.get(fact.relation()));
    }

    private Document sentence(Fact fact, List<Template> phrasings) {
        Template template = wordNoise.apply(Values.pick(random, phrasings), random);
        Template.Rendered rendered = template.render(fact.slots());
        return new Document(rendered.text(), rendered.slotSpans(), List.of(template.id()));
    }

    /**
     * The text to inject for a fact: its sentence, and sometimes a distractor sentence before or after it (a
     * sentence about another fact, or filler) that contains none of the fact's possible answers.
     */
    public Document context(Fact fact) {
        Document main = sentence(fact);
        double roll = random.nextDouble();
        if (roll < DISTRACTOR_FACT_PROBABILITY) {
            return withDistractor(main, fact, true);
        }
        if (roll < DISTRACTOR_FACT_PROBABILITY + DISTRACTOR_FILLER_PROBABILITY) {
            return withDistractor(main, fact, false);
        }
        return main;
    }

    /**
     * {@link #context(Fact)} grown with more distractor sentences (other facts or filler, before or after) until
     * {@code lengthOf} it is at least {@code minLength}, e.g. tokens under the model's tokenizer, since a
     * self-update wants at least 16 tokens (algorithm spec §4.3). Gives up growing after 32 sentences.
     */
    public Document context(Fact fact, int minLength, ToIntFunction<String> lengthOf) {
        Document document = context(fact);
        for (int added = 0; added < 32 && lengthOf.applyAsInt(document.text()) < minLength; added++) {
            document = withDistractor(document, fact, random.nextBoolean());
        }
        return document;
    }

    /** A question about the fact in a question template of this split; the answer is one of the fact's slots. */
    public QuestionAnswer question(Fact fact) {
        return question(fact, questions.get(fact.relation()));
    }

    private QuestionAnswer question(Fact fact, List<Template> templates) {
        Template template = wordNoise.apply(Values.pick(random, templates), random);
        String question = template.render(fact.slots()).text();
        return new QuestionAnswer(question, fact.value(template.answerSlot()), template.answerSlot(), template.id());
    }

    /** An unrelated everyday sentence (weather, traffic, small talk) with no askable fact. */
    @Override
    public String filler() {
        return Fillers.next(random, names).text();
    }

    /** A new fact, its context and one question about it. */
    @Override
    public Sample nextSample() {
        Fact fact = nextFact();
        Document context = context(fact);
        return new Sample(split, fact, context, question(fact));
    }

    /**
     * A new fact, stated by its sentence alone in a training or held-out phrasing and asked in a training or held-out
     * question template, whatever this generator's split (names still come from the split's pool; wording noise, if
     * any, as in {@link #sentence} and {@link #question}). For probes that tell apart what unseen wording costs on the
     * write (phrasing) and on the read (question).
     */
    public Sample nextSample(boolean heldOutPhrasing, boolean heldOutQuestion) {
        Fact fact = nextFact();
        Document context = sentence(fact, Phrasebook.contexts(fact.relation(), heldOutPhrasing));
        return new Sample(split, fact, context, question(fact, Phrasebook.questions(fact.relation(), heldOutQuestion)));
    }

    /**
     * {@code document} with one more sentence, before or after it: another fact's sentence or filler, never one
     * that contains an answer of {@code fact} (then the document is returned unchanged).
     */
    private Document withDistractor(Document document, Fact fact, boolean otherFact) {
        String text;
        String id;
        if (otherFact) {
            Document other = sentence(nextFact());
            text = other.text();
            id = other.templateIds().get(0);
        } else {
            Fillers.Filler filler = Fillers.next(random, names);
            text = filler.text();
            id = "filler." + (filler.index() + 1);
        }
        if (containsAnswer(text, fact)) {
            return document;
        }
        boolean before = random.nextBoolean();
        String joined = before ? text + " " + document.text() : document.text() + " " + text;
        int shift = before ? text.length() + 1 : 0;
        Map<String, Span> spans = new LinkedHashMap<>();
        document.slotSpans().forEach((slot, span) -> spans.put(slot, span.shift(shift)));
        List<String> ids = new ArrayList<>(document.templateIds());
        ids.add(id);
        return new Document(joined, spans, ids);
    }

    private static boolean containsAnswer(String text, Fact fact) {
        for (String slot : Phrasebook.answerSlots(fact.relation())) {
            if (text.contains(fact.value(slot))) {
                return true;
            }
        }
        return false;
    }
}
