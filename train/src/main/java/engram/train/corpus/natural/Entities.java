package engram.train.corpus.natural;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Makes the named entities of one scene with realistic shapes: people ("Maria Lopez-Garcia", "Jan van der Berg",
 * "Anne-Marie Keller", "John F. Walsh"), companies ("Cedar Logistics", "The Harbor Group", "Keller & Moss",
 * "Brandt Steel AG"), teams, products with numbers ("Falcon X2", "Nova 14 Pro"), titles of works, awards, events,
 * venues, places. No two entities of a scene share a word, so a surname or short name points at one entity only.
 */
final class Entities {

    private final Random random;
    private final NameBank.Side names;
    private final Vocabulary vocabulary;
    private final boolean heldOutWords;
    private final Set<String> taken = new TreeSet<>();

    Entities(Random random, NameBank.Side names, Vocabulary vocabulary, boolean heldOutWords) {
        this.random = random;
        this.names = names;
        this.vocabulary = vocabulary;
        this.heldOutWords = heldOutWords;
    }

    /** A company, its industry and what it is called in passing ("chipmaker"). */
    record Company(Value value, String industry, String shortName, String desc) {
    }

    Value person() {
        String[] parts = freshParts(this::personParts);
        String full = parts[0] + " " + parts[1];
        String surname = parts[1].startsWith("van ") || parts[1].startsWith("de ") || parts[1].startsWith("von ")
                ? parts[1] : parts[1].replaceFirst("^[A-Z]\\. ", "");
        return new Value(full, Value.Kind.PERSON, List.of(surname), List.of(Value.possessive(surname)));
    }

    /** {first name(s), rest}: the rest is what later mentions repeat. */
    private String[] personParts() {
        String first = Quantities.pick(random, names.firstNames());
        String last = Quantities.pick(random, names.surnames());
        double roll = random.nextDouble();
        if (roll < 0.10) {
            last = last + "-" + Quantities.pick(random, names.surnames());
        } else if (roll < 0.14) {
            first = word("hyphen_first");
        } else if (roll < 0.21) {
            last = (char) ('A' + random.nextInt(26)) + ". " + last;
        } else if (roll < 0.26) {
            last = word("name_particle") + " " + last;
        }
        return new String[] {first, last};
    }

    Company company(String industry) {
        String[] made = freshParts(() -> companyName(industry));
        String desc = word(industry + "_desc");
        return new Company(new Value(made[0], Value.Kind.ORG, List.of(made[1], "the company", "the " + desc),
                List.of(Value.possessive(made[1]), "the company's", "its")), industry, made[1], desc);
    }

    /** {full name, short name}. */
    private String[] companyName(String industry) {
        boolean surname = random.nextDouble() < 0.45;
        String stem = surname ? Quantities.pick(random, names.surnames()) : Quantities.pick(random, names.stems());
        if (!surname && random.nextDouble() < 0.08 && !names.hues().isEmpty()) {
            stem = Quantities.pick(random, names.hues()) + " " + stem;
        }
        String suffix = random.nextDouble() < 0.7 ? word(industry + "_suffix") : word("generic_suffix");
        double roll = random.nextDouble();
        if (roll < 0.14) {
            return new String[] {"The " + stem + " " + word("group_word"), stem};
        }
        if (roll < 0.22) {
            String other = Quantities.pick(random, names.surnames());
            String partner = random.nextBoolean() ? other : "Sons";
            return new String[] {stem + " & " + partner, stem};
        }
        if (roll < 0.28) {
            String other = Quantities.pick(random, names.surnames());
            return new String[] {stem + "-" + other + " " + suffix, stem + "-" + other};
        }
        if (roll < 0.50) {
            return new String[] {stem + " " + suffix + " " + word("legal_suffix"), stem};
        }
        return new String[] {stem + " " + suffix, stem};
    }

    Value team() {
        String[] made = freshParts(() -> {
            String city = Quantities.pick(random, names.cities()).name();
            double roll = random.nextDouble();
            if (roll < 0.45 && !names.animals().isEmpty()) {
                String animals = Quantities.pick(random, names.animals());
                return new String[] {city + " " + animals, "the " + animals};
            }
            if (roll < 0.75 && !city.endsWith(" City")) {
                return new String[] {city + " " + word("club_suffix"), city};
            }
            return new String[] {word("club_prefix") + " " + city, city};
        });
        return new Value(made[0], Value.Kind.TEAM, List.of(made[1], "the club", "the side"),
                List.of(Value.possessive(made[1]), "the club's"));
    }

    Value city() {
        return cityValue(cityEntry());
    }

    /** A city with its country (which may be unknown: ""). */
    Lexicon.City cityEntry() {
        return fresh(() -> Quantities.pick(random, names.cities()), c -> c.name());
    }

    static Value cityValue(Lexicon.City city) {
        return new Value(city.name(), Value.Kind.CITY, List.of("the city"), List.of("the city's"));
    }

    /** A nationality adjective ("Norwegian") of a country on this side. */
    String nationality() {
        for (int attempt = 0; attempt < 20; attempt++) {
            Lexicon.Country c = Quantities.pick(random, names.countries());
            if (!c.adjective().isEmpty()) {
                return c.adjective();
            }
        }
        return "local";
    }

    Value country() {
        Lexicon.Country c = countryEntry();
        return new Value(c.name(), Value.Kind.COUNTRY, List.of("the country"), List.of("the country's"));
    }

    Lexicon.Country countryEntry() {
        return fresh(() -> Quantities.pick(random, names.countries()), Lexicon.Country::name);
    }

    /** A product name with a number or tier ("Falcon X2"); later mentions call it by its kind ("the smartphone"). */
    Value product(String kind) {
        String name = fresh(() -> {
            String stem = random.nextDouble() < 0.5 ? word("product_stem") : Quantities.pick(random, names.stems());
            return switch (random.nextInt(5)) {
                case 0 -> stem + " " + (2 + random.nextInt(19));
                case 1 -> stem + " " + (char) ('A' + random.nextInt(26)) + (1 + random.nextInt(9));
                case 2 -> stem + " " + (2 + random.nextInt(15)) + " " + word("product_tier");
                case 3 -> stem + " " + word("product_tier");
                default -> stem + " " + (random.nextBoolean() ? (1 + random.nextInt(9)) * 100 : 2 + random.nextInt(4)
                        + ".0");
            };
        });
        return new Value(name, Value.Kind.PRODUCT, List.of("the " + kind, "the new " + kind),
                List.of("the " + kind + "'s", "its"));
    }

    /** A title: "The Quiet River", "A Season of Storms", "Harbor Lights", "The Last Carpenter". */
    Value work() {
        String title = fresh(() -> {
            String noun = Quantities.pick(random, names.stems());
            return switch (random.nextInt(5)) {
                case 0 -> "The " + adjective() + " " + noun;
                case 1 -> {
                    String head = word("title_head");
                    yield (Articles.wantsAn(head) ? "An " : "A ") + head + " of " + pluralStem();
                }
                case 2 -> noun + " " + word("title_tail");
                case 3 -> "The Last " + noun;
                default -> "Notes from " + Quantities.pick(random, names.cities()).name();
            };
        });
        return new Value(title, Value.Kind.WORK, List.of("the book", "the work"), List.of("its"));
    }

    /** An award's name without the article: "Halvorsen Prize for Fiction", "Golden Falcon Award". */
    Value award() {
        String name = fresh(() -> switch (random.nextInt(4)) {
            case 0 -> Quantities.pick(random, names.surnames()) + " " + word("award_word") + " for "
                    + word("prize_field");
            case 1 -> Quantities.pick(random, names.surnames()) + " " + word("award_word");
            case 2 -> "Golden " + Quantities.pick(random, names.stems()) + " Award";
            default -> Quantities.pick(random, names.cities()).name() + " " + word("prize_field") + " Prize";
        });
        return new Value(name, Value.Kind.AWARD, List.of("the prize", "the award"), List.of("the prize's"));
    }

    /**
     * An event's name without the article: kind 0 a festival ("Cedar Jazz Festival"), 1 a conference ("Harbor
     * Summit", "Nordic Design Expo"), 2 a sports event ("Falcon Marathon"). It never names a city, so the city it is
     * held in stays a separate answer.
     */
    Value event(int kind) {
        String name = fresh(() -> switch (kind) {
            case 0 -> Quantities.pick(random, names.stems()) + " " + word("festival_kind") + " Festival";
            case 1 -> random.nextBoolean() ? Quantities.pick(random, names.stems()) + " " + word("event_kind")
                    : nationality() + " " + word("festival_kind") + " " + word("event_kind");
            default -> Quantities.pick(random, names.stems()) + " " + word("sport_event");
        });
        return new Value(name, Value.Kind.EVENT, List.of("the event"), List.of("the event's"));
    }

    /** A venue without the article: "Keller Hall", "Cedar Park" (a sports ground when {@code sport}). */
    Value venue(boolean sport) {
        String name = fresh(() -> (random.nextBoolean() ? Quantities.pick(random, names.surnames())
                : Quantities.pick(random, names.stems())) + " " + word(sport ? "sport_venue" : "venue_kind"));
        return new Value(name, Value.Kind.VENUE, List.of("the venue"), List.of("the venue's"));
    }

    /** A fixed word of a grammar class (e.g. "chip_desc"), held out where this scene may use held-out words. */
    String word(String className) {
        return vocabulary.choose(new Grammar.ClassWord(className, "base"), heldOutWords, Realizer.PREFER_HELD_OUT,
                random);
    }

    /** Whether a grammar class has this entry (on either side). */
    boolean vocabularyHas(String className, String entry) {
        return vocabulary.options(className, "base", false).contains(entry)
                || vocabulary.options(className, "base", true).contains(entry);
    }

    /** Marks the words of a text as used by this scene (values made elsewhere: roles, amounts). */
    void take(String text) {
        taken.addAll(ownWords(text));
    }

    private String adjective() {
        return random.nextBoolean() && !names.hues().isEmpty() ? Quantities.pick(random, names.hues())
                : word("title_adjective");
    }

    private String pluralStem() {
        return names.animals().isEmpty() ? "Rivers" : Quantities.pick(random, names.animals());
    }

    private String[] freshParts(Supplier<String[]> make) {
        return fresh(make, parts -> String.join(" ", parts));
    }

    private String fresh(Supplier<String> make) {
        return fresh(make, s -> s);
    }

    /** Draws until the result shares no word with the entities already made, then marks its words taken. */
    private <T> T fresh(Supplier<T> make, java.util.function.Function<T, String> text) {
        for (int attempt = 0; ; attempt++) {
            T made = make.get();
            Set<String> words = ownWords(text.apply(made));
            boolean clash = words.stream().anyMatch(taken::contains);
            if (!clash || attempt >= 50) {
                taken.addAll(words);
                return made;
            }
        }
    }

    private Set<String> ownWords(String text) {
        Set<String> out = new TreeSet<>();
        for (String w : Words.of(text)) {
            if (!vocabulary.pools().core().contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
