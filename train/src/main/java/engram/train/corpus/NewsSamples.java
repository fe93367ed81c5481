package engram.train.corpus;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A dozen fictional news items for the quick start, one per relation, each with a question whose answer the item
 * states. Names come from the held-out pool and wording from the training phrasings, the case the bundled model is
 * accepted on. Articles are NewsArticle-shaped (schemas/src/main/avro/NewsArticle.avsc); questions carry the Query
 * fields (Query.avsc) plus {@code articleId} and {@code expectedAnswer} for checking.
 */
public final class NewsSamples {

    /** 2026-11-30T08:00:00Z, fixed, so the files are reproducible. */
    static final long FIRST_PUBLISHED_AT = 1_796_025_600_000L;
    private static final long MINUTES_BETWEEN_ITEMS = 37;
    private static final Map<Relation, String> HEADLINES = headlines();

    /** One article line and its question line, JSON objects. */
    public record Item(JsonObject article, JsonObject question) {
    }

    /** A news item stating one fact: headline, body (filler lead, then the fact's sentence) and its question. */
    record Article(String title, String body, QuestionAnswer question) {
    }

    /** The relations that have a headline (all but FAVOURITE and HOMETOWN, which are not news). */
    static List<Relation> newsRelations() {
        return List.copyOf(HEADLINES.keySet());
    }

    private NewsSamples() {
    }

    /** The items for {@code seed}; the same seed always gives the same items. */
    public static List<Item> generate(long seed) {
        CorpusGenerator generator = new CorpusGenerator(seed, Split.HELDOUT_NAMES);
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        int index = 0;
        for (Relation relation : HEADLINES.keySet()) {
            index++;
            Fact fact = generator.nextFact(relation);
            Article item = article(generator, random, fact);
            QuestionAnswer qa = item.question();
            String id = String.format("news-%02d", index);
            long publishedAt = FIRST_PUBLISHED_AT + (index - 1) * MINUTES_BETWEEN_ITEMS * 60_000;

            JsonObject article = new JsonObject();
            article.addProperty("id", id);
            article.addProperty("memoryId", "default");
            article.addProperty("source", "Engram Wire (fictional)");
            article.addProperty("title", item.title());
            article.addProperty("body", item.body());
            article.addProperty("publishedAt", publishedAt);
            article.add("url", null);
            article.addProperty("lang", "en");

            JsonObject question = new JsonObject();
            question.addProperty("requestId", String.format("q-%02d", index));
            question.addProperty("memoryId", "default");
            question.addProperty("question", qa.question());
            question.addProperty("maxNewTokens", 16);
            question.addProperty("createdAt", publishedAt + 60 * 60_000 * 12);
            question.addProperty("articleId", id);
            question.addProperty("expectedAnswer", qa.answer());
            items.add(new Item(article, question));
        }
        return items;
    }

    /**
     * The item for {@code fact}: its sentence in a news phrasing of the split (drawn from {@code random}), after a
     * filler lead, and a question about it (both from {@code generator}).
     */
    static Article article(CorpusGenerator generator, Random random, Fact fact) {
        List<Template> news = Phrasebook.contexts(fact.relation(), generator.split().usesHeldOutTemplates()).stream()
                .filter(t -> !t.isConversationTurn()).toList();
        String sentence = Values.pick(random, news).render(fact.slots()).text();
        // the fact ends the item: a model with few memory rows per update keeps what a chunk ends with best
        String body = newsFiller(generator) + " " + sentence;
        QuestionAnswer qa = generator.question(fact);
        String title = new Template("headline", fact.relation(), HEADLINES.get(fact.relation()), null, false)
                .render(fact.slots()).text();
        return new Article(title, body, qa);
    }

    /** A filler item that reads like news, not a chat message. */
    private static String newsFiller(CorpusGenerator generator) {
        String filler;
        do {
            filler = generator.filler();
        } while (filler.contains(": "));
        return filler;
    }

    /** One compact JSON object per line, non-ASCII kept as is. */
    public static String jsonLines(List<JsonObject> objects) {
        Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
        StringBuilder out = new StringBuilder();
        objects.forEach(o -> out.append(gson.toJson(o)).append('\n'));
        return out.toString();
    }

    private static Map<Relation, String> headlines() {
        Map<Relation, String> headlines = new LinkedHashMap<>();
        headlines.put(Relation.CEO, "{company} names a new chief executive");
        headlines.put(Relation.HEADQUARTERS, "{company} moves to {city}");
        headlines.put(Relation.ACQUISITION, "{company} buys {target}");
        headlines.put(Relation.PRODUCT_LAUNCH, "{company} launches the {product}");
        headlines.put(Relation.PRICE, "Price set for the {product}");
        headlines.put(Relation.FOUNDED, "A look at {company}");
        headlines.put(Relation.EMPLOYEES, "{company} keeps hiring");
        headlines.put(Relation.MATCH_SCORE, "{team} beat {team2}");
        headlines.put(Relation.EVENT_PLACE, "{city} to host the {event}");
        headlines.put(Relation.EVENT_DATE, "Date set for the {event}");
        headlines.put(Relation.JOB_TITLE, "{company} hires a new {title}");
        headlines.put(Relation.PARTNER, "{person} marries");
        return headlines;
    }
}
