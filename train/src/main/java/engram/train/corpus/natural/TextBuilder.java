package engram.train.corpus.natural;

import engram.train.corpus.Span;

import java.util.Set;

/**
 * Writes the tokens of an expansion as English text: spaces between words but not before punctuation, a capital at
 * the start of each sentence, "a" turned into "an" before a vowel sound ("an 8 percent stake", "an MBA"), doubled
 * punctuation collapsed (", ." -> ".", "Inc.." -> "Inc."), and the span of each slot value recorded.
 */
final class TextBuilder {

    /** Tokens written without a space before them. */
    private static final Set<String> CLOSING = Set.of(",", ".", ";", ":", "?", "!", "”", ")", "'s", "'", "%");
    /** Starts a new line (between conversation turns). */
    static final String NEW_LINE = "¶";
    /** Capitalises the next word (after a speaker's "Name:"). */
    static final String CAPITAL = "^";
    /** Keeps the next word in lower case (a question typed casually). */
    static final String LOWER = "_";

    private final StringBuilder text = new StringBuilder();
    private boolean capitalNext = true;
    private int article = -1;

    /** Appends one token; returns the span it occupies (empty at the end when it was dropped as doubled). */
    Span append(String token) {
        if (token.isEmpty()) {
            return new Span(text.length(), text.length());
        }
        if (token.equals(CAPITAL) || token.equals(LOWER)) {
            capitalNext = token.equals(CAPITAL);
            return new Span(text.length(), text.length());
        }
        if (token.equals(NEW_LINE)) {
            trimTrailingSpace();
            text.append('\n');
            capitalNext = true;
            article = -1;
            return new Span(text.length(), text.length());
        }
        char last = text.isEmpty() ? '\n' : text.charAt(text.length() - 1);
        if (token.equals("'s") && last == 's') {
            token = "'"; // "Motors'", as Value.possessive writes it
        }
        if (token.equals(".") && (last == '.' || last == '?' || last == '!')) {
            capitalNext = true; // "... Inc." ends the sentence too
            return new Span(text.length(), text.length());
        }
        if ((token.equals(",") || token.equals(";")) && (last == ',' || last == ';' || last == '\n' || last == '“')) {
            return new Span(text.length(), text.length());
        }
        if ((token.equals(".") || token.equals("?") || token.equals("!")) && last == ',') {
            text.setLength(text.length() - 1);
        }
        if (!attaches(token, last)) {
            text.append(' ');
        }
        if (article >= 0 && Character.isLetterOrDigit(firstSignificant(token)) && Articles.wantsAn(token)) {
            text.insert(article + 1, 'n');
        }
        article = -1;
        String written = capitalNext && Character.isLetter(firstSignificant(token)) ? capitalise(token) : token;
        int start = text.length();
        text.append(written);
        if (token.equals("a") || token.equals("A")) {
            article = start;
        }
        if (Character.isLetterOrDigit(firstSignificant(token)) || token.startsWith("$") || token.startsWith("€")
                || token.startsWith("£")) {
            capitalNext = false;
        }
        if (token.equals(".") || token.equals("?") || token.equals("!") || token.equals("“")) {
            capitalNext = true;
        }
        return new Span(start, text.length());
    }

    /** The text so far. */
    String text() {
        return text.toString();
    }

    int length() {
        return text.length();
    }

    private boolean attaches(String token, char last) {
        if (text.isEmpty() || last == '\n' || last == '“' || last == '(') {
            return true;
        }
        return CLOSING.contains(token) || token.length() > 1 && token.charAt(0) == '-' && token.charAt(1) != '-';
    }

    private void trimTrailingSpace() {
        while (!text.isEmpty() && text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 1);
        }
    }

    private static char firstSignificant(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                return c;
            }
        }
        return token.charAt(0);
    }

    private static String capitalise(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return token.substring(0, i) + Character.toUpperCase(token.charAt(i)) + token.substring(i + 1);
            }
        }
        return token;
    }
}
