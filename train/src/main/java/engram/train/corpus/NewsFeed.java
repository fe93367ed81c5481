package engram.train.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A feed of news items shaped like {@link NewsSamples}' (headline, filler lead, the fact's sentence last), each with
 * a question its fact answers: what a long-term memory is measured on (feed recall). Also feeds where later items
 * change an earlier item's fact (a new chief executive, a new headquarters) and the question must get the later
 * value. Seeded and reproducible.
 */
public final class NewsFeed {

    /**
     * The relations whose fact a later item can change, and the slot that changes: the one the question asks.
     */
    static final Map<Relation, String> CHANGEABLE = changeable();

    /**
     * One item.
     *
     * @param id         the item's id (the source id of its updates)
     * @param question   its question; the answer is the item's value
     * @param changes    for an item that changes an earlier one's fact: that item's index in the feed, else -1
     * @param staleValue for such an item: the earlier value the question must no longer get, else null
     */
    public record Item(String id, String title, String body, QuestionAnswer question, int changes, String staleValue) {

        /** The text the service memorises for a news article: title, blank line, body (NewsArticleParser). */
        public String text() {
            return title + "\n\n" + body;
        }
    }

    private NewsFeed() {
    }

    /** {@code count} items about new facts of the news relations, names and phrasings from {@code split}. */
    public static List<Item> generate(long seed, Split split, int count) {
        CorpusGenerator generator = new CorpusGenerator(seed, split);
        Random random = new Random(seed);
        List<Relation> relations = NewsSamples.newsRelations();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Fact fact = generator.nextFact(Values.pick(random, relations));
            items.add(item(String.format("feed-%d-%04d", seed, i), generator, random, fact, -1, null));
        }
        return items;
    }

    /**
     * {@code count} items of which {@code pairs} come in pairs: an item about a changeable fact in the first half of
     * the feed and, later, an item that changes its value (the earlier item's question must now get the later value).
     * The later items' questions ask the changed slot.
     */
    public static List<Item> withChanges(long seed, Split split, int count, int pairs) {
        if (2 * pairs > count / 2) {
            throw new IllegalArgumentException(pairs + " pairs do not fit in the first half of " + count + " items");
        }
        CorpusGenerator generator = new CorpusGenerator(seed, split);
        Random random = new Random(seed * 7 + 1);
        List<Relation> changeable = List.copyOf(CHANGEABLE.keySet());
        List<Relation> relations = NewsSamples.newsRelations();
        Item[] feed = new Item[count];
        for (int p = 0; p < pairs; p++) {
            int earlier;
            do {
                earlier = random.nextInt(count / 2);
            } while (feed[earlier] != null);
            int later;
            do {
                later = earlier + 1 + random.nextInt(count - earlier - 1);
            } while (feed[later] != null);
            Relation relation = Values.pick(random, changeable);
            Fact before = generator.nextFact(relation);
            Fact after = changed(generator, before);
            String slot = CHANGEABLE.get(relation);
            feed[earlier] = item(id(seed, earlier), generator, random, before, -1, null);
            feed[later] = item(id(seed, later), generator, random, after, earlier, before.value(slot));
            feed[later] = withQuestion(feed[later], askFor(generator, after, slot));
        }
        for (int i = 0; i < count; i++) {
            if (feed[i] == null) {
                feed[i] = item(id(seed, i), generator, random, generator.nextFact(Values.pick(random, relations)),
                        -1, null);
            }
        }
        return List.of(feed);
    }

    private static String id(long seed, int index) {
        return String.format("feed-%d-%04d", seed, index);
    }

    private static Item item(String id, CorpusGenerator generator, Random random, Fact fact, int changes,
                             String stale) {
        NewsSamples.Article article = NewsSamples.article(generator, random, fact);
        return new Item(id, article.title(), article.body(), article.question(), changes, stale);
    }

    private static Item withQuestion(Item item, QuestionAnswer question) {
        return new Item(item.id(), item.title(), item.body(), question, item.changes(), item.staleValue());
    }

    /** The fact with its changeable slot given another fact's value (HEADQUARTERS: moved from the old city). */
    private static Fact changed(CorpusGenerator generator, Fact before) {
        String slot = CHANGEABLE.get(before.relation());
        String value;
        do {
            value = generator.nextFact(before.relation()).value(slot);
        } while (value.equals(before.value(slot)) || before.slots().containsValue(value));
        Map<String, String> slots = new LinkedHashMap<>(before.slots());
        slots.put(slot, value);
        if (before.relation() == Relation.HEADQUARTERS) {
            slots.put("city2", before.value("city"));
        }
        return new Fact(before.relation(), slots);
    }

    /** A question of the split about {@code fact} whose answer is {@code slot}. */
    private static QuestionAnswer askFor(CorpusGenerator generator, Fact fact, String slot) {
        for (int attempt = 0; attempt < 100; attempt++) {
            QuestionAnswer qa = generator.question(fact);
            if (qa.answerSlot().equals(slot)) {
                return qa;
            }
        }
        throw new IllegalStateException("no question of " + fact.relation() + " asks for '" + slot + "'");
    }

    private static Map<Relation, String> changeable() {
        Map<Relation, String> m = new LinkedHashMap<>();
        m.put(Relation.CEO, "person");
        m.put(Relation.HEADQUARTERS, "city");
        m.put(Relation.PRICE, "price");
        m.put(Relation.EMPLOYEES, "count");
        m.put(Relation.EVENT_PLACE, "city");
        m.put(Relation.EVENT_DATE, "date");
        return m;
    }
}
