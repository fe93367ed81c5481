package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealizerTest {

    private static final String GRAMMAR = """
            @buy:v = buy acquire *snap_up

            S
              active/2: {NP} @buy.past $target {PRICE?50} .
              passive: $target was @buy.pp by {NP} .
              !fronted: For $price , {NP} [bought|*snapped up] $target .

            NP
              plain: ~org
              desc: the $org_desc $org

            PRICE
              for: for $price
            """;

    private final NaturalGrammar natural = NaturalGrammar.get();
    private final Grammar grammar = GrammarParser.parse(GRAMMAR);
    private final Vocabulary vocabulary = new Vocabulary(grammar, natural.lexicon, natural.pools);

    private Scene scene() {
        Scene scene = new Scene("ACQUIRE");
        scene.put("org", new Value("Apex Systems", Value.Kind.ORG, List.of("Apex", "the company"),
                List.of("Apex's", "its")));
        scene.put("org_desc", Value.plain("chipmaker", Value.Kind.OTHER));
        scene.put("target", Value.plain("Cedar Labs", Value.Kind.ORG));
        scene.put("price", Value.plain("$64 million", Value.Kind.MONEY));
        return scene;
    }

    @Test
    void parsesRulesClassesChoicesAndMarks() {
        assertEquals(3, grammar.rule("S").alternatives().size());
        assertEquals(Set.of("S.fronted"), grammar.heldOutRuleIds());
        assertTrue(grammar.literalWords(true).contains("snapped"));
        assertTrue(grammar.literalWords(false).contains("was"));
        assertEquals('v', grammar.wordClass("buy").pos());
    }

    @Test
    void rejectsBrokenGrammar() {
        assertThrows(IllegalArgumentException.class, () -> GrammarParser.parse("S\n  a: {MISSING}\n"));
        assertThrows(IllegalArgumentException.class, () -> GrammarParser.parse("S\n  a: [x|y\n"));
        assertThrows(IllegalArgumentException.class, () -> GrammarParser.parse("S\n  a: x\n  a: y\n"));
    }

    @Test
    void writesEachSlotOnceAndRecordsWhereItStands() {
        for (int seed = 0; seed < 200; seed++) {
            Scene scene = scene();
            TextBuilder out = new TextBuilder();
            new Realizer(grammar, vocabulary, scene, new Random(NaturalCorpus.mix(seed)), false, out).expand("S");
            String text = out.text();
            scene.spans().forEach((slot, span) -> assertEquals(scene.value(slot).text(), span.of(text), text));
            assertTrue(scene.stated("org") && scene.stated("target"), text);
            assertEquals(text.indexOf("Cedar Labs"), text.lastIndexOf("Cedar Labs"), text);
        }
    }

    @Test
    void trainingTextNeverUsesHeldOutMaterialAndHeldOutTextPrefersIt() {
        Set<String> trainRules = new HashSet<>();
        int heldOutFirst = 0;
        for (int seed = 0; seed < 300; seed++) {
            TextBuilder out = new TextBuilder();
            Realizer train = new Realizer(grammar, vocabulary, scene(), new Random(NaturalCorpus.mix(seed)), false, out);
            train.expand("S");
            trainRules.addAll(train.trace());
            assertTrue(!out.text().contains("snapped"), out.text());
            Realizer held = new Realizer(grammar, vocabulary, scene(), new Random(NaturalCorpus.mix(seed)), true, new TextBuilder());
            held.expand("S");
            heldOutFirst += held.trace().get(0).equals("S.fronted") ? 1 : 0;
        }
        assertTrue(!trainRules.contains("S.fronted"), trainRules.toString());
        assertTrue(heldOutFirst > 150, "held-out alternative taken " + heldOutFirst + " of 300 times");
    }

    @Test
    void aRuleThatNeedsAStatedSlotIsNotEligible() {
        Scene scene = scene();
        scene.state("target", new engram.train.corpus.Span(0, 0));
        Realizer realizer = new Realizer(grammar, vocabulary, scene, new Random(1), false, new TextBuilder());
        assertTrue(!realizer.canExpand("S"));
        assertThrows(Realizer.Dead.class, () -> realizer.expand("S"));
    }
}
