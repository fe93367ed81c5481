package engram.train.corpus.natural;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads grammar files. A file holds class definitions and rules:
 * <pre>
 * # comment
 * &#64;appoint:v = name appoint pick *tap take_on        verb class ('n' noun, 'w' fixed words); * held out
 * &#64;poach:v = poach/poaches/poached/poached/poaching  explicit forms: base/3rd/past/participle/-ing
 *
 * APPOINT_CLAUSE                                   a rule: its name alone on a line
 *   active: ~org [named|appointed|*tapped] $person as $role
 *   passive/2: $person was @appoint.pp $role of ~org       weight 2
 *   !fronted: As $role , ~org @appoint.past $person        held out (never in TRAIN)
 * </pre>
 * Body symbols: words and punctuation; {@code {RULE}}, {@code {RULE?}} (optional, half the time), {@code {RULE?30}}
 * (30%); {@code [a|b c|*d|]} inline choice (empty option allowed); {@code $var} value, {@code ~var} mention,
 * {@code ~var's} possessive mention; {@code @class.form}, {@code @n:tag.form}, {@code @a:kind} lexicon words;
 * {@code ?flag}, {@code ?!flag} conditions; {@code +flag} sets a flag.
 */
final class GrammarParser {

    private final Map<String, Grammar.Rule> rules = new LinkedHashMap<>();
    private final Map<String, Grammar.WordClass> classes = new LinkedHashMap<>();

    /** Parses the named classpath resources (relative to this package) into one grammar. */
    static Grammar load(List<String> resources) {
        GrammarParser parser = new GrammarParser();
        for (String resource : resources) {
            try (InputStream in = GrammarParser.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing grammar resource " + resource);
                }
                parser.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return parser.build();
    }

    static Grammar parse(String text) {
        GrammarParser parser = new GrammarParser();
        parser.parse("text", text);
        return parser.build();
    }

    private Grammar build() {
        Grammar grammar = new Grammar(rules, classes);
        for (Grammar.Rule rule : rules.values()) {
            for (Grammar.Alternative a : rule.alternatives()) {
                for (String ref : Grammar.refs(a.body())) {
                    if (!rules.containsKey(ref)) {
                        throw new IllegalArgumentException(a.id() + " refers to unknown rule " + ref);
                    }
                }
            }
        }
        return grammar;
    }

    private void parse(String source, String text) {
        String current = null;
        List<Grammar.Alternative> alternatives = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = source + ":" + (n + 1);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            try {
                if (stripped.startsWith("@") && !Character.isWhitespace(line.charAt(0))) {
                    parseClass(stripped);
                } else if (!Character.isWhitespace(line.charAt(0))) {
                    current = stripped;
                    if (!current.matches("[A-Z][A-Za-z0-9_.]*")) {
                        throw new IllegalArgumentException("bad rule name '" + current + "'");
                    }
                    if (rules.containsKey(current)) {
                        throw new IllegalArgumentException("rule " + current + " defined twice");
                    }
                    alternatives = new ArrayList<>();
                    rules.put(current, new Grammar.Rule(current, alternatives));
                } else {
                    if (current == null) {
                        throw new IllegalArgumentException("alternative outside a rule");
                    }
                    alternatives.add(parseAlternative(current, stripped, alternatives));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private void parseClass(String line) {
        int eq = line.indexOf('=');
        String head = line.substring(1, eq).strip();
        int colon = head.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("class needs a part of speech: @name:v = ...");
        }
        String name = head.substring(0, colon);
        char pos = head.charAt(colon + 1);
        List<Grammar.ClassEntry> entries = new ArrayList<>();
        for (String token : line.substring(eq + 1).strip().split("\\s+")) {
            boolean heldOut = token.startsWith("*");
            String word = heldOut ? token.substring(1) : token;
            List<String> forms = List.of();
            if (word.contains("/")) {
                forms = List.of(word.replace('_', ' ').split("/"));
                word = forms.get(0);
            }
            entries.add(new Grammar.ClassEntry(word.replace('_', ' '), heldOut, forms));
        }
        if (classes.put(name, new Grammar.WordClass(name, pos, List.copyOf(entries))) != null) {
            throw new IllegalArgumentException("class @" + name + " defined twice");
        }
    }

    private static Grammar.Alternative parseAlternative(String rule, String line, List<Grammar.Alternative> siblings) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            throw new IllegalArgumentException("alternative needs 'id: body'");
        }
        String head = line.substring(0, colon);
        boolean heldOut = head.startsWith("!");
        if (heldOut) {
            head = head.substring(1);
        }
        double weight = 1;
        int slash = head.indexOf('/');
        if (slash >= 0) {
            weight = Double.parseDouble(head.substring(slash + 1));
            head = head.substring(0, slash);
        }
        String id = rule + "." + head;
        for (Grammar.Alternative sibling : siblings) {
            if (sibling.id().equals(id)) {
                throw new IllegalArgumentException("duplicate alternative " + id);
            }
        }
        List<String> tokens = tokens(line.substring(colon + 2));
        int[] at = {0};
        List<Grammar.Element> body = sequence(tokens, at, false);
        if (at[0] != tokens.size()) {
            throw new IllegalArgumentException("unbalanced ']' in " + line);
        }
        return new Grammar.Alternative(id, weight, heldOut, List.copyOf(body));
    }

    /** Splits on spaces; '[', ']' and '|' are tokens of their own. */
    static List<String> tokens(String body) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '[' || c == ']' || c == '|' || Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private static List<Grammar.Element> sequence(List<String> tokens, int[] at, boolean inChoice) {
        List<Grammar.Element> out = new ArrayList<>();
        while (at[0] < tokens.size()) {
            String t = tokens.get(at[0]);
            if (inChoice && (t.equals("|") || t.equals("]"))) {
                return out;
            }
            if (t.equals("]") || t.equals("|")) {
                throw new IllegalArgumentException("stray '" + t + "'");
            }
            at[0]++;
            if (t.equals("[")) {
                out.add(choice(tokens, at));
            } else {
                element(t, out);
            }
        }
        if (inChoice) {
            throw new IllegalArgumentException("unclosed '['");
        }
        return out;
    }

    private static Grammar.Choice choice(List<String> tokens, int[] at) {
        List<Grammar.Option> options = new ArrayList<>();
        while (true) {
            boolean heldOut = at[0] < tokens.size() && tokens.get(at[0]).startsWith("*");
            if (heldOut) {
                String first = tokens.get(at[0]).substring(1);
                if (first.isEmpty()) {
                    at[0]++;
                } else {
                    tokens.set(at[0], first);
                }
            }
            options.add(new Grammar.Option(heldOut, List.copyOf(sequence(tokens, at, true))));
            String end = tokens.get(at[0]++);
            if (end.equals("]")) {
                return new Grammar.Choice(List.copyOf(options));
            }
        }
    }

    private static void element(String t, List<Grammar.Element> out) {
        if (t.startsWith("{") && t.endsWith("}")) {
            String inner = t.substring(1, t.length() - 1);
            int q = inner.indexOf('?');
            if (q < 0) {
                out.add(new Grammar.Ref(inner, false, 1));
            } else {
                String p = inner.substring(q + 1);
                out.add(new Grammar.Ref(inner.substring(0, q), true, p.isEmpty() ? 0.5 : Integer.parseInt(p) / 100.0));
            }
        } else if (t.startsWith("$") && t.length() > 1) {
            if (t.endsWith("'s")) {
                out.add(new Grammar.Slot(t.substring(1, t.length() - 2), Grammar.SlotMode.VALUE));
                out.add(new Grammar.Literal("'s"));
            } else {
                out.add(new Grammar.Slot(t.substring(1), Grammar.SlotMode.VALUE));
            }
        } else if (t.startsWith("~") && t.length() > 1) {
            boolean possessive = t.endsWith("'s");
            out.add(new Grammar.Slot(t.substring(1, possessive ? t.length() - 2 : t.length()),
                    possessive ? Grammar.SlotMode.POSSESSIVE : Grammar.SlotMode.MENTION));
        } else if (t.startsWith("@") && t.length() > 1) {
            String spec = t.substring(1);
            int dot = spec.lastIndexOf('.');
            boolean hasForm = dot > 0 && !spec.substring(dot + 1).contains(":");
            out.add(new Grammar.ClassWord(hasForm ? spec.substring(0, dot) : spec, hasForm ? spec.substring(dot + 1)
                    : "base"));
        } else if (t.startsWith("?!") && t.length() > 2) {
            out.add(new Grammar.Condition(t.substring(2), true));
        } else if (t.startsWith("?") && t.length() > 1) {
            out.add(new Grammar.Condition(t.substring(1), false));
        } else if (t.startsWith("+") && t.length() > 1) {
            out.add(new Grammar.SetFlag(t.substring(1)));
        } else {
            out.add(new Grammar.Literal(t));
        }
    }
}
