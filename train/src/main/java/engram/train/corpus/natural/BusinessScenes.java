package engram.train.corpus.natural;

import java.util.List;

/** Scenes of company news: moves, openings, closures, foundings, deals, results, fines, lawsuits, budgets. */
final class BusinessScenes {

    private BusinessScenes() {
    }

    static void make(NewsRelation relation, SceneKit kit) {
        switch (relation) {
            case RELOCATE -> relocate(kit);
            case OPEN, CLOSE -> site(kit, relation == NewsRelation.OPEN);
            case FOUNDED -> founded(kit);
            case ACQUIRE -> acquire(kit);
            case MERGE -> merge(kit);
            case STAKE -> stake(kit);
            case FUNDING -> funding(kit);
            case PARTNER -> partner(kit);
            case CONTRACT -> contract(kit);
            case RESULTS -> results(kit);
            case FINE -> fine(kit);
            case LAWSUIT -> lawsuit(kit);
            case BUDGET -> budget(kit);
            default -> CultureScenes.make(relation, kit);
        }
    }

    private static void relocate(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        kit.scene.put("from_city", kit.scene.value("org_city"));
        kit.scene.remove("org_city"); // the old home is from_city: one slot, one answer
        kit.scene.put("to_city", kit.entities.city());
        kit.scene.put("rival_city", kit.entities.city());
        kit.put("move_year", Quantities.month(kit.random) + " " + kit.year(2025, 2030), Value.Kind.MONTH);
        kit.putDistinct("jobs", () -> kit.count(40, 3000), Value.Kind.COUNT);
        kit.putDistinct("cost", () -> kit.money(Quantities.Scale.MILLIONS), Value.Kind.MONEY);
    }

    private static void site(SceneKit kit, boolean opening) {
        String industry = kit.pickIndustry();
        kit.company("org", industry);
        kit.put("site", kit.entities.word(industry + "_site"), Value.Kind.OTHER);
        Lexicon.City city = kit.entities.cityEntry();
        kit.scene.put("city", Entities.cityValue(city));
        if (!city.country().isEmpty() && !kit.scene.value("org_country").text().equals(city.country())) {
            kit.scene.put("country", new Value(city.country(), Value.Kind.COUNTRY, List.of(), List.of()));
        }
        kit.putDistinct("jobs", () -> kit.count(30, 4000), Value.Kind.COUNT);
        kit.putDistinct("investment", () -> kit.money(Quantities.Scale.MILLIONS), Value.Kind.MONEY);
        kit.putDistinct("distance", () -> kit.count(20, 900), Value.Kind.COUNT);
        kit.put("open_year", Quantities.month(kit.random) + " " + kit.year(2025, 2030), Value.Kind.MONTH);
        if (!opening) {
            kit.scene.put("other_city", kit.entities.city());
            kit.put("opened_year", kit.year(1950, 2015), Value.Kind.YEAR);
        }
    }

    private static void founded(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        kit.person("founder");
        kit.person("ceo");
        int founded = Integer.parseInt(kit.scene.value("org_founded").text());
        kit.put("ipo_year", Integer.toString(Math.min(2024, founded + 5 + kit.random.nextInt(30))),
                Value.Kind.YEAR);
    }

    private static void acquire(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        String industry = kit.pickIndustry();
        kit.company("target", industry);
        kit.put("target_desc", kit.entities.word(industry + "_desc"), Value.Kind.OTHER);
        kit.put("target_goods", kit.entities.word(industry + "_goods"), Value.Kind.OTHER);
        kit.scene.put("target_city", kit.entities.city());
        kit.putDistinct("target_staff", () -> kit.count(20, 20_000), Value.Kind.COUNT);
        kit.person("target_ceo");
        kit.putDistinct("price", kit::bigMoney, Value.Kind.MONEY);
        kit.putDistinct("premium", () -> kit.percent(60), Value.Kind.PERCENT);
        String year = kit.year(2025, 2028);
        kit.put("close_date", Quantities.pick(kit.random, List.of("the first quarter of " + year,
                "the second quarter of " + year, "the third quarter of " + year, "the fourth quarter of " + year,
                "the first half of " + year, "the second half of " + year, "early " + year, "late " + year,
                Quantities.month(kit.random) + " " + year)), Value.Kind.PERIOD);
    }

    private static void merge(SceneKit kit) {
        String industry = kit.pickIndustry();
        kit.company("org", industry);
        kit.company("org2", industry);
        Entities.Company combined = kit.entities.company(industry);
        kit.scene.put("combined_name", combined.value());
        kit.putDistinct("value", () -> kit.money(Quantities.Scale.BILLIONS), Value.Kind.MONEY);
        kit.putDistinct("combined_staff", () -> kit.count(500, 90_000), Value.Kind.COUNT);
        kit.person("ceo");
        kit.putDistinct("percent", () -> Integer.toString(40 + kit.random.nextInt(30)) + " percent",
                Value.Kind.PERCENT);
        kit.scene.put("country", kit.entities.country());
    }

    private static void stake(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        kit.company("org2", kit.random.nextBoolean() ? "bank" : kit.pickIndustry());
        kit.putDistinct("percent", () -> (3 + kit.random.nextInt(46)) + (kit.random.nextBoolean() ? ""
                : "." + (1 + kit.random.nextInt(9))) + " percent", Value.Kind.PERCENT);
        kit.putDistinct("price", () -> kit.money(Quantities.Scale.MILLIONS), Value.Kind.MONEY);
        kit.putDistinct("share_price", () -> kit.money(Quantities.Scale.PRICE).replace(",", ""),
                Value.Kind.MONEY);
        kit.putDistinct("premium", () -> kit.percent(40), Value.Kind.PERCENT);
    }

    private static void funding(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        kit.scene.put("org_desc", Value.plain(Quantities.pick(kit.random, List.of("startup", "young company",
                "fast-growing startup")), Value.Kind.OTHER));
        kit.scene.put("org_founded", Value.plain(kit.year(2004, 2023), Value.Kind.YEAR));
        kit.scene.put("org_staff", Value.plain(kit.count(15, 900), Value.Kind.COUNT));
        kit.company("org2", "bank");
        double raised = 1 + kit.random.nextInt(300) * (kit.random.nextBoolean() ? 1 : 0.1);
        double valuation = raised * (4 + kit.random.nextInt(22));
        kit.put("amount", Quantities.moneyOf(raised, kit.currency), Value.Kind.MONEY);
        kit.putDistinct("valuation", () -> Quantities.moneyOf(valuation, kit.currency), Value.Kind.MONEY);
        kit.person("founder");
        kit.scene.put("city", kit.entities.city());
    }

    private static void partner(SceneKit kit) {
        String industry = kit.pickIndustry();
        kit.company("org", industry);
        kit.company("org2", kit.pickIndustry());
        kit.put("goods", kit.entities.word(industry + "_goods"), Value.Kind.OTHER);
        kit.put("years", years(kit), Value.Kind.COUNT);
        kit.scene.put("city", kit.entities.city());
        kit.putDistinct("amount", () -> kit.money(Quantities.Scale.MILLIONS), Value.Kind.MONEY);
    }

    private static void contract(SceneKit kit) {
        String industry = kit.entities.word("contract_industries");
        kit.company("org", industry);
        if (kit.random.nextDouble() < 0.4) {
            kit.company("org2", kit.pickIndustry());
        } else {
            Value city = kit.entities.city();
            String body = Quantities.pick(kit.random, List.of("City Council", "Transport Authority", "Port Authority",
                    "Health Trust"));
            kit.putBody("org2", city.text() + " " + body, body.substring(body.indexOf(' ') + 1).toLowerCase());
        }
        kit.put("units_kind", kit.entities.word(industry + "_units"), Value.Kind.OTHER);
        kit.putDistinct("units", () -> kit.count(40, 2000), Value.Kind.COUNT);
        kit.putDistinct("value", () -> kit.money(Quantities.Scale.MILLIONS), Value.Kind.MONEY);
        kit.put("years", years(kit), Value.Kind.COUNT);
        kit.putDistinct("extra", () -> kit.count(5, 300), Value.Kind.COUNT);
        kit.putDistinct("jobs", () -> kit.count(50, 3000), Value.Kind.COUNT);
        kit.put("site", kit.entities.word(industry + "_site"), Value.Kind.OTHER);
        kit.scene.put("city", kit.entities.city());
        kit.company("rival", kit.pickIndustry());
    }

    /** Amount, change and prior amount agree (up or down: flag "up" / "down"), and so does the forecast. */
    /** A term in years, as a word below ten ("five-year"): 2 to 25. */
    private static String years(SceneKit kit) {
        int n = 2 + kit.random.nextInt(24);
        return n < 10 ? Quantities.smallNumberWord(n) : Integer.toString(n);
    }

    private static void results(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        kit.put("metric", kit.entities.word("metric"), Value.Kind.OTHER);
        String period = Quantities.period(kit.random);
        kit.put("period", period, Value.Kind.PERIOD);
        double amount = Math.exp(Math.log(5) + kit.random.nextDouble() * Math.log(4000)); // 5 million .. 20 billion
        double change = kit.random.nextBoolean() ? 1 + kit.random.nextInt(40)
                : (10 + kit.random.nextInt(300)) / 10.0;
        boolean up = kit.random.nextDouble() < 0.6;
        kit.scene.flag(up ? "up" : "down");
        double prior = amount / (up ? 1 + change / 100 : 1 - change / 100);
        kit.put("amount", Quantities.moneyOf(amount, kit.currency), Value.Kind.MONEY);
        kit.putDistinct("prior_amount", () -> Quantities.moneyOf(prior, kit.currency), Value.Kind.MONEY);
        kit.putDistinct("change", () -> (change == Math.floor(change) ? Integer.toString((int) change)
                : Double.toString(change)) + " percent", Value.Kind.PERCENT);
        int parts = period.contains("quarter") || period.contains("three months") ? 4
                : period.contains("half") ? 2 : 1;
        if (parts > 1) {
            double forecast = amount * parts * (0.95 + kit.random.nextDouble() * 0.2);
            kit.putDistinct("forecast", () -> Quantities.moneyOf(forecast, kit.currency), Value.Kind.MONEY);
        }
        kit.person("ceo");
        kit.putDistinct("dividend", () -> Quantities.perShare(kit.random, kit.currency), Value.Kind.MONEY);
    }

    private static void fine(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        Lexicon.Country country = kit.entities.countryEntry();
        kit.putBody("regulator", Value.possessive(country.name()) + " " + kit.entities.word("regulator_kind"),
                "regulator");
        kit.putDistinct("amount", () -> kit.money(kit.random.nextDouble() < 0.25 ? Quantities.Scale.THOUSANDS
                : Quantities.Scale.MILLIONS), Value.Kind.MONEY);
        kit.put("offence", kit.entities.word("offence"), Value.Kind.OTHER);
    }

    private static void lawsuit(SceneKit kit) {
        kit.company("org", kit.pickIndustry());
        if (kit.random.nextBoolean()) {
            kit.company("plaintiff", kit.pickIndustry());
        } else {
            kit.person("plaintiff");
        }
        kit.putDistinct("amount", () -> kit.money(kit.random.nextDouble() < 0.2 ? Quantities.Scale.THOUSANDS
                : Quantities.Scale.MILLIONS), Value.Kind.MONEY);
        kit.put("claim", kit.entities.word("claim"), Value.Kind.OTHER);
        kit.scene.put("court_city", kit.entities.city());
        kit.person("judge");
        kit.person("lawyer");
    }

    private static void budget(SceneKit kit) {
        boolean city = kit.random.nextDouble() < 0.7;
        if (city) {
            kit.putBody("council", kit.entities.city().text() + " City Council", "council");
            kit.scene.flag("council");
        } else {
            kit.putBody("council", Value.possessive(kit.entities.countryEntry().name()) + " parliament", "parliament");
            kit.scene.flag("parliament");
        }
        int seats = city ? 25 + kit.random.nextInt(50) : 100 + kit.random.nextInt(500);
        int yes = (int) (seats * (0.52 + 0.33 * kit.random.nextDouble()));
        kit.put("vote_for", Integer.toString(yes), Value.Kind.COUNT);
        kit.putDistinct("vote_against", () -> Integer.toString(Math.max(1, seats - yes - kit.random.nextInt(4))),
                Value.Kind.COUNT);
        double total = Math.exp(Math.log(50) + kit.random.nextDouble() * Math.log(400)); // 50 million .. 20 billion
        double part = total * (0.02 + kit.random.nextDouble() * 0.2);
        kit.put("amount", Quantities.moneyOf(total, kit.currency), Value.Kind.MONEY);
        kit.putDistinct("amount2", () -> Quantities.moneyOf(part, kit.currency), Value.Kind.MONEY);
        kit.putDistinct("change", () -> kit.percent(15), Value.Kind.PERCENT);
        kit.put("budget_year", kit.year(2024, 2035), Value.Kind.YEAR);
        kit.put("purpose", kit.entities.word("budget_purpose"), Value.Kind.OTHER);
        kit.person("leader");
    }
}
