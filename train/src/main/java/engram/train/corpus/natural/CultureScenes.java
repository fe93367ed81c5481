package engram.train.corpus.natural;

import java.util.List;
import java.util.Locale;

/** Scenes of launches, awards, events, sport and elections. */
final class CultureScenes {

    /** Industries whose companies launch products a consumer buys. */
    private static final List<String> PRODUCT_INDUSTRIES = List.of("chip", "software", "car", "games", "robotics",
            "telecom", "bank");

    private CultureScenes() {
    }

    static void make(NewsRelation relation, SceneKit kit) {
        switch (relation) {
            case LAUNCH -> launch(kit);
            case AWARD -> award(kit);
            case EVENT -> event(kit);
            case MATCH -> match(kit);
            case RECORD -> record(kit);
            case ELECTION -> election(kit);
            default -> throw new IllegalArgumentException("no scene for " + relation);
        }
    }

    private static void launch(SceneKit kit) {
        String industry = Quantities.pick(kit.random, PRODUCT_INDUSTRIES);
        kit.company("org", industry);
        String kind = kit.entities.word(industry + "_item");
        kit.put("product_kind", kind, Value.Kind.OTHER);
        kit.scene.put("product", kit.entities.product(kind));
        kit.putDistinct("price", () -> Quantities.money(kit.random, Quantities.Scale.PRICE, kit.currency),
                Value.Kind.MONEY);
        int day = 12 + kit.random.nextInt(17);
        int pre = day - 3 - kit.random.nextInt(8);
        String month = Quantities.month(kit.random);
        kit.put("launch_date", kit.american ? month + " " + day : day + " " + month, Value.Kind.DATE);
        kit.put("preorder_date", kit.american ? month + " " + pre : pre + " " + month, Value.Kind.DATE);
        kit.scene.put("city", kit.entities.city());
        kit.scene.put("country", kit.entities.country());
        kit.company("rival", industry);
        kit.scene.put("rival_product", kit.entities.product(kind));
        kit.putDistinct("units", () -> kit.count(10_000, 2_000_000), Value.Kind.COUNT);
    }

    private static void award(SceneKit kit) {
        kit.person("person");
        kit.scene.put("award", kit.entities.award());
        kit.scene.put("work", kit.entities.work());
        kit.put("work_kind", kit.entities.word("work_kind"), Value.Kind.OTHER);
        kit.putDistinct("prize_money", () -> kit.money(Quantities.Scale.THOUSANDS), Value.Kind.MONEY);
        kit.scene.put("city", kit.entities.city());
        kit.scene.put("setting", kit.random.nextBoolean() ? kit.entities.country() : kit.entities.city());
        kit.scene.put("study_city", kit.entities.city());
        kit.put("nationality", kit.entities.nationality(), Value.Kind.OTHER);
        kit.put("age", Quantities.age(kit.random), Value.Kind.AGE);
        kit.person("runner_up");
        kit.scene.put("runner_work", kit.entities.work());
        kit.person("previous_winner");
        kit.put("founded_year", kit.year(1950, 2010), Value.Kind.YEAR);
    }

    private static void event(SceneKit kit) {
        int kind = kit.random.nextInt(3);
        kit.scene.flag(List.of("fest", "conf", "sport").get(kind));
        kit.scene.put("event", kit.entities.event(kind));
        kit.scene.put("city", kit.entities.city());
        kit.scene.put("old_city", kit.entities.city());
        kit.scene.put("venue", kit.entities.venue(kind == 2));
        int day = 1 + kit.random.nextInt(23);
        String month = Quantities.month(kit.random);
        int end = day + 1 + kit.random.nextInt(4);
        kit.scene.put("date", Value.plain(kit.american ? month + " " + day : day + " " + month, Value.Kind.DATE));
        kit.scene.put("end_date", Value.plain(kit.american ? month + " " + end : end + " " + month,
                Value.Kind.DATE));
        kit.putDistinct("ticket_date", kit::date, Value.Kind.DATE);
        kit.putDistinct("attendance", () -> kit.count(500, 250_000), Value.Kind.COUNT);
        kit.putDistinct("prev_attendance", () -> kit.count(500, 250_000), Value.Kind.COUNT);
        kit.putDistinct("price", () -> Quantities.money(kit.random, Quantities.Scale.PRICE, kit.currency),
                Value.Kind.MONEY);
        if (kit.random.nextBoolean()) {
            kit.company("organiser", "media");
        } else {
            kit.person("organiser");
        }
        kit.person("speaker_person");
        kit.put("nationality", kit.entities.nationality(), Value.Kind.OTHER);
    }

    private static void match(SceneKit kit) {
        kit.scene.put("team", kit.entities.team());
        kit.scene.put("team2", kit.entities.team());
        kit.scene.put("team3", kit.entities.team());
        kit.putDistinct("score", () -> Quantities.score(kit.random), Value.Kind.SCORE);
        int winner = Integer.parseInt(kit.scene.value("score").text().split("-")[0]);
        kit.scene.flag(winner >= 20 ? "high" : "low"); // points (basketball, rugby) or goals (football, hockey)
        kit.scene.put("venue", kit.entities.venue(true));
        kit.scene.put("city", kit.entities.city());
        kit.person("scorer");
        kit.person("coach");
        kit.person("injured");
        kit.put("minute", Quantities.rank(kit.random, 90).replaceAll("^(first|second|third|fourth|fifth|sixth|"
                + "seventh|eighth|ninth|tenth)$", "10th"), Value.Kind.RANK);
        kit.putDistinct("attendance", () -> kit.count(800, 80_000), Value.Kind.COUNT);
        kit.putDistinct("rank", () -> Quantities.rank(kit.random, 24), Value.Kind.RANK);
        kit.put("competition", kit.entities.word("sport_event").equals("Cup") ? "Cup" : "League Cup",
                Value.Kind.OTHER);
    }

    private static void record(SceneKit kit) {
        kit.person("athlete");
        kit.person("prev_holder");
        kit.person("runner_up");
        String meeting = kit.entities.city().text();
        int discipline = kit.random.nextInt(4);
        String event = switch (discipline) {
            case 0 -> meeting + " Marathon";
            case 1 -> "100 metres at the " + meeting + " Grand Prix";
            case 2 -> "800 metres at the " + meeting + " Games";
            default -> "long jump at the " + meeting + " Athletics Classic";
        };
        kit.put("event", event, Value.Kind.EVENT);
        if (discipline < 3) {
            kit.scene.flag("timed");
        }
        String[] marks = marks(kit, discipline);
        kit.put("mark", marks[0], Value.Kind.MEASURE);
        kit.put("prev_mark", marks[1], Value.Kind.MEASURE);
        kit.put("second_mark", marks[2], Value.Kind.MEASURE);
        kit.putDistinct("rank", () -> Quantities.rank(kit.random, 30), Value.Kind.RANK);
        kit.scene.put("city", kit.entities.city());
        kit.put("age", Integer.toString(18 + kit.random.nextInt(20)), Value.Kind.AGE);
        kit.putDistinct("attendance", () -> kit.count(1000, 60_000), Value.Kind.COUNT);
    }

    /** The winning mark, the old record (a little worse) and the runner-up's (worse still), all distinct. */
    private static String[] marks(SceneKit kit, int discipline) {
        String[] out = new String[3];
        int base = switch (discipline) {
            case 0 -> 7200 + kit.random.nextInt(900);   // marathon, seconds
            case 1 -> 960 + kit.random.nextInt(150);    // 100 m, hundredths
            case 2 -> 10_100 + kit.random.nextInt(1800); // 800 m, hundredths
            default -> 650 + kit.random.nextInt(250);   // long jump, centimetres
        };
        for (int i = 0; i < 3; i++) {
            int v = discipline == 3 ? base - i * (3 + kit.random.nextInt(9)) : base + i * (3 + kit.random.nextInt(40));
            out[i] = switch (discipline) {
                case 0 -> String.format(Locale.ROOT, "%d:%02d:%02d", v / 3600, v / 60 % 60, v % 60);
                case 1 -> String.format(Locale.ROOT, "%d.%02d seconds", v / 100, v % 100);
                case 2 -> String.format(Locale.ROOT, "%d:%02d.%02d", v / 6000, v / 100 % 60, v % 100);
                default -> String.format(Locale.ROOT, "%d.%02d metres", v / 100, v % 100);
            };
        }
        return out;
    }

    private static void election(SceneKit kit) {
        kit.person("person");
        kit.person("rival");
        kit.person("incumbent");
        double roll = kit.random.nextDouble();
        String office = roll < 0.6 ? "mayor of " + kit.entities.city().text()
                : roll < 0.8 ? "governor of " + kit.entities.city().text() + " province"
                : "president of " + kit.entities.countryEntry().name();
        kit.put("office", office, Value.Kind.ROLE);
        int share = 40 + kit.random.nextInt(36);
        int rival = 10 + kit.random.nextInt(Math.max(1, Math.min(share - 10, 100 - share - 5)));
        String decimal = kit.random.nextBoolean() ? "." + (1 + kit.random.nextInt(9)) : "";
        kit.put("share", share + decimal + " percent", Value.Kind.PERCENT);
        kit.putDistinct("rival_share", () -> rival + "." + (1 + kit.random.nextInt(9)) + " percent",
                Value.Kind.PERCENT);
        kit.putDistinct("turnout", () -> (30 + kit.random.nextInt(50)) + " percent", Value.Kind.PERCENT);
        kit.putDistinct("votes", () -> kit.count(2000, 900_000), Value.Kind.COUNT);
    }
}
