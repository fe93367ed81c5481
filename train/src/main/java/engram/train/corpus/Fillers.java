package engram.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Unrelated everyday items (weather, traffic, local news, small talk) that state no askable fact: the "side
 * documents" of the forgetting experiments. Shared by all splits; names in them come from the split's pool.
 */
final class Fillers {

    static final List<String> PATTERNS = List.of(
            "Light rain is expected in {city} on {weekday}.",
            "The library in {city} will open late on {weekday}.",
            "Traffic was slow near {city} after a minor accident.",
            "A new bakery opened on the main street of {city}.",
            "Residents of {city} are asked to save water this {month}.",
            "The council of {city} met to discuss parking rules.",
            "Tickets for the spring concert sold out in two hours.",
            "Schools in {city} will close early on {weekday}.",
            "The weather stays cold and windy for the rest of the week.",
            "Local farmers expect a good harvest this year.",
            "A bridge near {city} is closed for repairs until {month}.",
            "Trains to {city} run every {number} minutes on {weekday}.",
            "The museum in {city} has a new exhibit about old maps.",
            "Volunteers planted {number} trees in a park in {city}.",
            "Fuel prices rose slightly this week.",
            "The night market in {city} returns in {month}.",
            "A small fire at a warehouse in {city} was put out quickly.",
            "Crews will repave {number} roads in {city} this {month}.",
            "Experts say sleep matters more than most people think.",
            "The annual book sale raised money for the school.",
            "{first}: Has anyone tried the new cafe near the station?",
            "{first}: I think it will rain again tomorrow.",
            "{first}: The bus was late again this morning.",
            "{first}: Thanks for the tip, I will check it out.");

    private Fillers() {
    }

    /** Index of the pattern used and its text. */
    record Filler(int index, String text) {
    }

    static Filler next(Random random, NameGenerator names) {
        int index = random.nextInt(PATTERNS.size());
        Template template = new Template("filler." + (index + 1), null, PATTERNS.get(index), null, false);
        Map<String, String> values = Map.of(
                "city", names.city(),
                "weekday", Values.weekday(random),
                "month", Values.month(random),
                "number", Integer.toString(2 + random.nextInt(59)),
                "first", names.firstName());
        return new Filler(index, template.render(values).text());
    }
}
