package engram.train.corpus.natural;

import java.util.regex.Pattern;

/** Whether the indefinite article before a word is "an": by sound, not by letter. */
final class Articles {

    /** Vowel letters that sound like a consonant ("a university", "a one-year deal", "a European"). */
    private static final Pattern CONSONANT_VOWEL = Pattern.compile("(?i)(uni|use|usu|uti|eu|one|once|ur[aeiou]).*");
    /** Silent h ("an hour", "an honorary degree"). */
    private static final Pattern SILENT_H = Pattern.compile("(?i)(hour|honest|honor|honour|heir).*");
    /** Initialisms read letter by letter that begin with a vowel sound: "an MBA", "an SUV", "an FBI". */
    private static final Pattern VOWEL_INITIALISM = Pattern.compile("[AEFHILMNORSX][A-Z0-9]+\\b.*");

    private Articles() {
    }

    static boolean wantsAn(String word) {
        String w = word.replaceFirst("^[$€£¥]", "");
        if (w.isEmpty()) {
            return false;
        }
        char c = w.charAt(0);
        if (Character.isDigit(c)) {
            // "an 8 percent", "an 11-year", "an 18,000", "an 80 million": eight, eleven, eighteen
            String lead = w.split("[,.\\s-]", 2)[0];
            return lead.startsWith("8") || lead.equals("11") || lead.equals("18");
        }
        if (w.matches("U[A-Z].*")) {
            return false; // "a US bank", "a UN agency"
        }
        if (VOWEL_INITIALISM.matcher(w).matches()) {
            return true;
        }
        if (SILENT_H.matcher(w).matches()) {
            return true;
        }
        return "aeiouAEIOU".indexOf(c) >= 0 && !CONSONANT_VOWEL.matcher(w).matches();
    }
}
