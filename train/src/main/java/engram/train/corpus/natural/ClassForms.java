package engram.train.corpus.natural;

import java.util.ArrayList;
import java.util.List;

/** The inflected forms of a grammar class entry: a verb's five forms, a noun's two, a fixed phrase as written. */
final class ClassForms {

    /** Verb forms by name, in the order explicit forms are written: base/3sg/past/pp/ing. */
    static final List<String> VERB_FORMS = List.of("base", "3sg", "past", "pp", "ing");
    static final List<String> NOUN_FORMS = List.of("base", "pl");

    private ClassForms() {
    }

    /** One form of an entry, or null when the entry has no such form. */
    static String form(Grammar.WordClass c, Grammar.ClassEntry e, String form, Lexicon lexicon) {
        List<String> forms = all(c, e, lexicon);
        List<String> names = c.pos() == 'v' ? VERB_FORMS : c.pos() == 'n' ? NOUN_FORMS : List.of("base");
        int i = names.indexOf(form);
        if (i < 0) {
            throw new IllegalArgumentException("class @" + c.name() + " has no form '" + form + "'");
        }
        return i < forms.size() ? forms.get(i) : null;
    }

    /** Every form of an entry, in the order of {@link #VERB_FORMS} / {@link #NOUN_FORMS}. */
    static List<String> all(Grammar.WordClass c, Grammar.ClassEntry e, Lexicon lexicon) {
        if (!e.explicitForms().isEmpty() || c.pos() == 'w') {
            return e.explicitForms().isEmpty() ? List.of(e.lemma()) : e.explicitForms();
        }
        int space = e.lemma().indexOf(' ');
        String head = space < 0 ? e.lemma() : e.lemma().substring(0, space);
        String rest = space < 0 ? "" : e.lemma().substring(space);
        List<String> forms = new ArrayList<>();
        if (c.pos() == 'v') {
            Lexicon.Verb v = lexicon.verb(head);
            if (v == null) {
                throw new IllegalArgumentException("verb '" + head + "' of @" + c.name()
                        + " is not in the lexicon: give its forms (base/3sg/past/pp/ing)");
            }
            Lexicon.forms(v).forEach(f -> forms.add(f + rest));
        } else if (c.pos() == 'n') {
            // a compound inflects its last word: "data center" -> "data centers"
            int last = e.lemma().lastIndexOf(' ');
            String noun = e.lemma().substring(last + 1);
            Lexicon.Noun n = lexicon.noun(noun);
            String plural = n != null && n.plural() != null ? n.plural() : noun.endsWith("s") ? null : noun + "s";
            forms.add(e.lemma());
            if (plural != null) {
                forms.add(e.lemma().substring(0, last + 1) + plural);
            }
        } else {
            throw new IllegalArgumentException("class @" + c.name() + ": unknown part of speech " + c.pos());
        }
        return forms;
    }
}
