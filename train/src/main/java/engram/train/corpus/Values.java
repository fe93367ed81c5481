package engram.train.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Non-name slot values: days, dates, years, prices, scores, job titles, favourite things. Small on purpose. */
final class Values {

    static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday");
    static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");
    /** Enough titles (and favourite things below) that guessing one without memory rarely succeeds. */
    static final List<String> TITLES = List.of("head of design", "chief financial officer", "lead engineer",
            "sales director", "head of marketing", "product manager", "chief scientist", "data analyst",
            "legal counsel", "head of research", "store manager", "press officer", "chief operating officer",
            "head of sales", "senior architect", "hiring manager", "quality inspector", "head of security",
            "brand strategist", "finance director", "chief of staff", "lab technician", "training coordinator",
            "head of logistics");
    static final Map<String, List<String>> FAVOURITES = favourites();

    private Values() {
    }

    static String weekday(Random random) {
        return pick(random, WEEKDAYS);
    }

    static String month(Random random) {
        return pick(random, MONTHS);
    }

    /** e.g. "14 March". */
    static String date(Random random) {
        return (1 + random.nextInt(28)) + " " + month(random);
    }

    static String year(Random random) {
        return Integer.toString(1950 + random.nextInt(74));
    }

    /** e.g. "$129". */
    static String price(Random random) {
        return "$" + (5 + random.nextInt(995));
    }

    /** e.g. "$40 million". */
    static String amount(Random random) {
        return "$" + (2 + random.nextInt(899)) + " million";
    }

    /** A head count, e.g. "350". */
    static String count(Random random) {
        return Integer.toString(12 + random.nextInt(8988));
    }

    /** e.g. "3-1": the winner's score first, uniform over the 21 results up to 6 goals. */
    static String score(Random random) {
        int index = random.nextInt(21);
        int winner = 1;
        while (index >= winner) {
            index -= winner;
            winner++;
        }
        return winner + "-" + index;
    }

    static String title(Random random) {
        return pick(random, TITLES);
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Five categories of sixteen things; no thing is part of another ("tea" / "mint tea"). */
    private static Map<String, List<String>> favourites() {
        Map<String, List<String>> favourites = new LinkedHashMap<>();
        favourites.put("food", List.of("mango", "noodles", "pizza", "lentil soup", "plums", "rice cakes", "pancakes",
                "dumplings", "falafel", "risotto", "apricots", "tacos", "porridge", "sushi", "goulash", "waffles"));
        favourites.put("colour", List.of("green", "orange", "purple", "teal", "yellow", "crimson", "navy blue",
                "silver", "maroon", "beige", "turquoise", "lilac", "amber", "coral", "indigo", "olive"));
        favourites.put("sport", List.of("tennis", "rugby", "cycling", "rowing", "hockey", "swimming", "badminton",
                "climbing", "fencing", "archery", "volleyball", "cricket", "golf", "judo", "sailing", "skiing"));
        favourites.put("animal", List.of("otter", "fox", "owl", "horse", "penguin", "red panda", "hedgehog",
                "dolphin", "badger", "koala", "giraffe", "parrot", "tortoise", "lynx", "beaver", "zebra"));
        favourites.put("drink", List.of("mint tea", "lemonade", "coffee", "hot chocolate", "apple juice",
                "ginger beer", "jasmine tea", "milk", "soda water", "espresso", "pear juice", "cocoa", "kefir",
                "lassi", "root beer", "tomato juice"));
        return favourites;
    }
}
