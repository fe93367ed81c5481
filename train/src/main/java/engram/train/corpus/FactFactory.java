package engram.train.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Draws the slot values of a fact. Every fact also gets a {@code speaker} (who says it in a conversation turn) and a
 * {@code weekday}; phrasings use them as decoration and no question asks about them.
 */
final class FactFactory {

    private final Random random;
    private final NameGenerator names;

    FactFactory(Random random, NameGenerator names) {
        this.random = random;
        this.names = names;
    }

    /** A fact whose answers each occur once in any phrasing: no other slot value contains one or is inside one. */
    Fact make(Relation relation) {
        while (true) {
            Fact fact = draw(relation);
            if (answersStandAlone(fact)) {
                return fact;
            }
        }
    }

    private static boolean answersStandAlone(Fact fact) {
        for (String answerSlot : Phrasebook.answerSlots(fact.relation())) {
            String answer = fact.value(answerSlot);
            for (Map.Entry<String, String> other : fact.slots().entrySet()) {
                if (!other.getKey().equals(answerSlot)
                        && (other.getValue().contains(answer) || answer.contains(other.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private Fact draw(Relation relation) {
        Map<String, String> slots = new LinkedHashMap<>();
        switch (relation) {
            case CEO -> {
                slots.put("company", names.company());
                slots.put("person", names.person());
            }
            case HEADQUARTERS -> {
                slots.put("company", names.company());
                slots.put("city", names.city());
                slots.put("city2", different(slots.get("city"), names::city));
            }
            case ACQUISITION -> {
                slots.put("company", names.company());
                slots.put("target", different(slots.get("company"), names::company));
                slots.put("amount", Values.amount(random));
            }
            case PRODUCT_LAUNCH -> {
                slots.put("company", names.company());
                slots.put("product", names.product());
            }
            case PRICE -> {
                slots.put("product", names.product());
                slots.put("price", Values.price(random));
                slots.put("company", names.company());
            }
            case FOUNDED -> {
                slots.put("company", names.company());
                slots.put("year", Values.year(random));
                slots.put("city", names.city());
            }
            case EMPLOYEES -> {
                slots.put("company", names.company());
                slots.put("count", Values.count(random));
                slots.put("city", names.city());
            }
            case MATCH_SCORE -> {
                slots.put("team", names.team());
                slots.put("team2", different(slots.get("team"), names::team));
                slots.put("score", Values.score(random));
            }
            case EVENT_PLACE -> {
                slots.put("event", names.event());
                slots.put("city", names.city());
            }
            case EVENT_DATE -> {
                slots.put("event", names.event());
                slots.put("date", Values.date(random));
            }
            case JOB_TITLE -> {
                slots.put("person", names.person());
                slots.put("title", Values.title(random));
                slots.put("company", names.company());
            }
            case FAVOURITE -> {
                slots.put("person", names.person());
                List<String> categories = List.copyOf(Values.FAVOURITES.keySet());
                String category = Values.pick(random, categories);
                slots.put("category", category);
                slots.put("thing", Values.pick(random, Values.FAVOURITES.get(category)));
            }
            case PARTNER -> {
                slots.put("person", names.person());
                slots.put("person2", different(slots.get("person"), names::person));
                slots.put("city", names.city());
            }
            case HOMETOWN -> {
                slots.put("person", names.person());
                slots.put("city", names.city());
            }
            default -> throw new IllegalArgumentException("no slots defined for " + relation);
        }
        slots.put("speaker", names.person());
        slots.put("weekday", Values.weekday(random));
        return new Fact(relation, slots);
    }

    private static String different(String other, Supplier<String> draw) {
        String value;
        do {
            value = draw.get();
        } while (Objects.equals(value, other));
        return value;
    }
}
