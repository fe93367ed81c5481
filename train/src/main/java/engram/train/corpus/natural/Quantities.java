package engram.train.corpus.natural;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Values with the shapes news gives them: "$1.7 billion", "€300,000", "£64 million", "1.2 billion euros",
 * "12 percent", "4,200", "3 June" or "June 3", "Tuesday", "the second quarter", "3-1", "third", "2:04:36".
 */
final class Quantities {

    static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday");
    static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");
    private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "fifth", "sixth",
            "seventh", "eighth", "ninth", "tenth");
    /** Currencies written as a word after the number ("850 million yen"). */
    private static final List<String> CURRENCY_WORDS = List.of("euros", "yen", "Swiss francs", "Swedish crowns",
            "Norwegian crowns", "rupees", "Canadian dollars", "Australian dollars", "pesos", "reais", "rand", "yuan");
    /** Currencies written as an ISO code before the number ("NOK 3.4 billion"), wire style. */
    private static final List<String> CURRENCY_CODES = List.of("NOK", "SEK", "DKK", "CHF", "CAD", "AUD", "HKD",
            "SGD", "INR", "JPY", "ZAR", "PLN");

    /** Magnitudes of money. */
    enum Scale { THOUSANDS, MILLIONS, BILLIONS, PRICE }

    private Quantities() {
    }

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /**
     * A currency for one item, so its amounts agree: 0 dollars, 1 euros, 2 pounds, then one of the currencies
     * written as a word after the number ("850 million yen"), then one written as an ISO code before it
     * ("NOK 3.4 billion").
     */
    static int currency(Random random) {
        double roll = random.nextDouble();
        if (roll < 0.55) {
            return 0;
        }
        if (roll < 0.73) {
            return 1;
        }
        if (roll < 0.85) {
            return 2;
        }
        if (roll < 0.94) {
            return 3 + random.nextInt(CURRENCY_WORDS.size());
        }
        return 3 + CURRENCY_WORDS.size() + random.nextInt(CURRENCY_CODES.size());
    }

    /** Whether amounts in this currency end in a word ("euros", "yen"). */
    static boolean isWordCurrency(int currency) {
        return currency >= 3 && currency - 3 < CURRENCY_WORDS.size();
    }

    /** An amount of money at a scale in a currency of {@link #currency}. */
    static String money(Random random, Scale scale, int currency) {
        String number = switch (scale) {
            case THOUSANDS -> thousands(random);
            case MILLIONS -> decimalOrWhole(random, 1, 999) + " million";
            case BILLIONS -> decimalOrWhole(random, 1, 60) + " billion";
            case PRICE -> price(random);
        };
        if (currency < 3) {
            return "$€£".charAt(currency) + number;
        }
        int word = currency - 3;
        if (word < CURRENCY_WORDS.size()) {
            return number + " " + CURRENCY_WORDS.get(word);
        }
        return scale == Scale.PRICE ? "$" + number : CURRENCY_CODES.get(word - CURRENCY_WORDS.size()) + " " + number;
    }

    /**
     * An amount given in millions, written as wire copy would: "$640 million", "$1.7 billion", "€12.5 million"
     * (three significant figures at most).
     */
    static String moneyOf(double millions, int currency) {
        String number;
        if (millions >= 1000) {
            number = trim(millions / 1000) + " billion";
        } else if (millions >= 1) {
            number = trim(millions) + " million";
        } else {
            number = String.format(Locale.ROOT, "%,d", Math.round(millions * 1000) * 1000);
        }
        if (currency < 3) {
            return "$€£".charAt(currency) + number;
        }
        int word = currency - 3;
        return word < CURRENCY_WORDS.size() ? number + " " + CURRENCY_WORDS.get(word)
                : CURRENCY_CODES.get(word - CURRENCY_WORDS.size()) + " " + number;
    }

    /** 1.234 -> "1.23", 12.34 -> "12.3", 123.4 -> "123". */
    private static String trim(double x) {
        String s = x >= 100 ? Long.toString(Math.round(x)) : x >= 10 ? String.format(Locale.ROOT, "%.1f", x)
                : String.format(Locale.ROOT, "%.2f", x);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A dividend or share-price-sized amount: "$0.45", "€1.20". */
    static String perShare(Random random, int currency) {
        String symbol = currency < 3 ? String.valueOf("$€£".charAt(currency)) : "$";
        return symbol + (random.nextInt(4)) + "." + String.format(Locale.ROOT, "%02d", 5 + random.nextInt(95));
    }

    /** "12 percent", "3.5 percent", "0.8 percent"; "12%" in a fifth of items. */
    static String percent(Random random, int max, boolean symbol) {
        String number = random.nextDouble() < 0.45 ? String.format(Locale.ROOT, "%d.%d", random.nextInt(max),
                1 + random.nextInt(9)) : Integer.toString(1 + random.nextInt(max));
        return symbol ? number + "%" : number + " percent";
    }

    /** A head count or job count, as likely tens as thousands (log-uniform), rounded: "350", "4,200", "12,000". */
    static String count(Random random, int min, int max) {
        int n = (int) Math.round(Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min))));
        int unit = n >= 1_000_000 ? 100_000 : n >= 100_000 ? 10_000 : n >= 20_000 ? 1000 : n >= 1000 ? 50
                : n >= 100 ? 10 : 1;
        n = n / unit * unit;
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A day of a month in British ("3 June") or American ("June 3") order. */
    static String date(Random random, boolean american) {
        int day = 1 + random.nextInt(28);
        String month = pick(random, MONTHS);
        return american ? month + " " + day : day + " " + month;
    }

    static String weekday(Random random) {
        return pick(random, WEEKDAYS);
    }

    static String month(Random random) {
        return pick(random, MONTHS);
    }

    static String year(Random random, int from, int to) {
        return Integer.toString(from + random.nextInt(to - from + 1));
    }

    /** A reporting period as written after "for" or "in": "the second quarter", "fiscal 2024", "the first half". */
    static String period(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "the " + pick(random, ORDINALS.subList(0, 4)) + " quarter";
            case 1 -> pick(random, List.of("the first half", "the second half", "the nine months to September",
                    "the year to March"));
            case 2 -> "fiscal " + year(random, 2019, 2026);
            default -> pick(random, List.of("the three months to June", "the three months to September",
                    "the three months to December", "the three months to March"));
        };
    }

    /** A final score in one of several sports, so no score is common: "3-1", "102-98", "27-24", "4-3". */
    static String score(Random random) {
        int sport = random.nextInt(4);
        int[] range = switch (sport) {
            case 0 -> new int[] {0, 6};
            case 1 -> new int[] {78, 125};
            case 2 -> new int[] {3, 41};
            default -> new int[] {0, 7};
        };
        int winner;
        int loser;
        do {
            winner = range[0] + random.nextInt(range[1] - range[0] + 1);
            loser = range[0] + random.nextInt(range[1] - range[0] + 1);
        } while (winner <= loser);
        return winner + "-" + loser;
    }

    /** "third", "12th", "No. 4"-free ordinal ranks from 1 to max. */
    static String rank(Random random, int max) {
        int n = 1 + random.nextInt(max);
        if (n <= ORDINALS.size()) {
            return ORDINALS.get(n - 1);
        }
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    static String age(Random random) {
        return Integer.toString(31 + random.nextInt(42));
    }

    /** A number of years or months as words, for durations ("five-year", "three years"). */
    static String smallNumberWord(int n) {
        return List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten").get(n);
    }

    private static String thousands(Random random) {
        int n = (20 + random.nextInt(980)) * 1000;
        if (n >= 100_000) {
            n = n / 10_000 * 10_000;
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String decimalOrWhole(Random random, int min, int max) {
        int whole = min + random.nextInt(max - min + 1);
        if (whole < 20 && random.nextDouble() < 0.6) {
            int tenths = 1 + random.nextInt(9);
            return whole + "." + (random.nextDouble() < 0.2 ? tenths + "" + random.nextInt(10) : tenths);
        }
        return Integer.toString(whole);
    }

    private static String price(Random random) {
        int base = List.of(9, 19, 29, 49, 79, 99, 129, 149, 199, 249, 299, 399, 449, 499, 599, 699, 799, 899, 999,
                1199, 1299, 1499, 1999, 2499).get(random.nextInt(24));
        String whole = String.format(Locale.ROOT, "%,d", base);
        return random.nextDouble() < 0.4 && base < 1000 ? whole + ".99" : whole;
    }
}
