package engram.train.corpus.natural;

import java.util.List;
import java.util.Random;

/**
 * Shared scene parts: the main organisation with its description and background values, times, people, amounts.
 * Each relation's factory ({@link Scenes}) adds what its grammar needs; slots the text does not use cost nothing.
 */
final class SceneKit {

    final Random random;
    final Entities entities;
    final Scene scene;
    /** American date order ("June 3") for this item, else British ("3 June"). */
    final boolean american;
    /** The item's currency ({@link Quantities#currency}). */
    final int currency;

    SceneKit(Random random, Entities entities, Scene scene) {
        this.random = random;
        this.entities = entities;
        this.scene = scene;
        this.american = random.nextDouble() < 0.3;
        this.currency = Quantities.currency(random);
        if (Quantities.isWordCurrency(currency)) {
            scene.flag("money_word"); // "850 million yen" does not go before a noun: no "a 850 million yen deal"
        }
    }

    String money(Quantities.Scale scale) {
        return Quantities.money(random, scale, currency);
    }

    /** Millions most of the time, billions sometimes. */
    String bigMoney() {
        return money(random.nextDouble() < 0.3 ? Quantities.Scale.BILLIONS : Quantities.Scale.MILLIONS);
    }

    String percent(int max) {
        return Quantities.percent(random, max, false);
    }

    String count(int min, int max) {
        return Quantities.count(random, min, max);
    }

    String year(int from, int to) {
        return Quantities.year(random, from, to);
    }

    String date() {
        return Quantities.date(random, american);
    }

    /** Puts a value unless an earlier value of the scene contains it or it contains one (then draws again). */
    void putDistinct(String slot, java.util.function.Supplier<String> make, Value.Kind kind) {
        for (int attempt = 0; ; attempt++) {
            String text = make.get();
            boolean clash = false;
            for (Value v : scene.values().values()) {
                if (v.text().contains(text) || text.contains(v.text())) {
                    clash = true;
                }
            }
            if (!clash || attempt > 20) {
                put(slot, text, kind);
                return;
            }
        }
    }

    String pickIndustry() {
        return entities.word("industries");
    }

    /** The main organisation: a company (most often), a club or an institution, with flag corp, club or inst. */
    void organisation(String slot, double clubShare, double instShare) {
        double roll = random.nextDouble();
        if (roll < clubShare) {
            club(slot);
        } else if (roll < clubShare + instShare) {
            institution(slot);
        } else {
            company(slot, pickIndustry());
        }
    }

    /** Another organisation of the main one's kind (a club for a club), for distractors. */
    void sameKind(String slot) {
        if (scene.hasFlag("club")) {
            club(slot);
        } else if (scene.hasFlag("inst")) {
            institution(slot);
        } else {
            company(slot, pickIndustry());
        }
    }

    /** A company and, for the main one ("org"), its description, home city, goods, age, size, share move. */
    Entities.Company company(String slot, String industry) {
        Entities.Company c = entities.company(industry);
        scene.put(slot, c.value());
        if (slot.equals("org")) {
            scene.flag("corp");
            scene.put("org_desc", Value.plain(c.desc(), Value.Kind.OTHER));
            scene.put("org_city", entities.city());
            String goods = entities.word(industry + "_goods");
            String more = entities.word(industry + "_goods");
            scene.put("org_goods", Value.plain(goods.equals(more) ? goods : goods + " and " + more,
                    Value.Kind.OTHER));
            boolean young = List.of("software", "games", "robotics", "biotech", "telecom", "chip").contains(industry);
            scene.put("org_founded", Value.plain(Quantities.year(random, young ? 1972 : 1890, 2019),
                    Value.Kind.YEAR));
            int founded = Integer.parseInt(scene.value("org_founded").text());
            scene.put("org_staff", Value.plain(Quantities.count(random, 300, founded >= 2005 ? 4000 : 90_000),
                    Value.Kind.COUNT));
            scene.put("share_move", Value.plain(Quantities.percent(random, 14, false), Value.Kind.PERCENT));
            scene.put("org_country", entities.country());
        }
        return c;
    }

    void club(String slot) {
        scene.put(slot, entities.team());
        scene.flag(slot.equals("org") ? "club" : slot + "_club");
        if (slot.equals("org")) {
            scene.put("org_desc", Value.plain(entities.word("club_desc"), Value.Kind.OTHER));
            // no org_city: a club's city is in its name ("Leeds Falcons")
            scene.put("org_founded", Value.plain(Quantities.year(random, 1870, 1990), Value.Kind.YEAR));
        }
    }

    void institution(String slot) {
        String kind = entities.word("institutions");
        Value city = entities.city();
        String name = entities.word(kind + "_name").replace("X", city.text());
        entities.take(name);
        scene.put(slot, new Value(name, Value.Kind.ORG, java.util.List.of("the " + kind),
                java.util.List.of("the " + kind + "'s", "its")));
        if (slot.equals("org")) {
            scene.flag("inst");
            scene.put("org_desc", Value.plain(kind, Value.Kind.OTHER));
            scene.put("org_founded", Value.plain(Quantities.year(random, 1850, 2005), Value.Kind.YEAR));
        }
    }

    /** A role fitting the main organisation's kind, with flag "top" when the role runs it. */
    String role() {
        String role;
        if (scene.hasFlag("club")) {
            role = entities.word("role_club");
        } else if (scene.hasFlag("inst")) {
            role = entities.word(scene.value("org_desc").text() + "_role");
        } else {
            double roll = random.nextDouble();
            role = roll < 0.5 ? entities.word("role_corp")
                    : roll < 0.75 ? "head of " + entities.word("role_unit")
                    : roll < 0.9 ? entities.word("role_unit") + " director"
                    : "head of " + entities.word("role_region") + " operations";
        }
        return role;
    }

    void putRole(String slot, String role) {
        scene.put(slot, Value.plain(role, Value.Kind.ROLE));
        if (slot.equals("role") && entities.vocabularyHas("role_top", role)) {
            scene.flag("top");
        }
    }

    void person(String slot) {
        scene.put(slot, entities.person());
    }

    /** weekday, date, start_date, month, year (recent), for the grammar to pick from. */
    void times() {
        scene.put("weekday", Value.plain(Quantities.weekday(random), Value.Kind.WEEKDAY));
        String date = Quantities.date(random, american);
        String start;
        do {
            start = Quantities.date(random, american);
        } while (start.contains(date) || date.contains(start));
        scene.put("date", Value.plain(date, Value.Kind.DATE));
        scene.put("start_date", Value.plain(start, Value.Kind.DATE));
        scene.put("month", Value.plain(Quantities.month(random), Value.Kind.MONTH));
        scene.put("year", Value.plain(Quantities.year(random, 2008, 2023), Value.Kind.YEAR));
    }

    /** Two first names for conversation turns. */
    void speakers() {
        Value a = entities.person();
        Value b = entities.person();
        scene.put("speaker", Value.plain(a.text().split(" ")[0], Value.Kind.SPEAKER));
        scene.put("speaker2", Value.plain(b.text().split(" ")[0], Value.Kind.SPEAKER));
    }

    void put(String slot, String text, Value.Kind kind) {
        scene.put(slot, Value.plain(text, kind));
        entities.take(text);
    }

    /** A body referred back to as "the council", "the regulator": {@code noun} is what later mentions say. */
    void putBody(String slot, String text, String noun) {
        scene.put(slot, new Value(text, Value.Kind.ORG, List.of("the " + noun), List.of("the " + noun + "'s")));
        entities.take(text);
    }
}
