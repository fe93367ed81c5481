package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The word tokens of a text as the held-out checks see them: maximal runs of letters, lower case. */
public final class Words {

    private Words() {
    }

    /** "Fernandez-Lopez's $1.7 billion" -> [fernandez, lopez, s, billion]. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return out;
    }
}
