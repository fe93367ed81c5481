package engram.train.corpus.natural;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionFormsTest {

    private final NaturalGrammar g = NaturalGrammar.get();

    @Test
    void everyRelationHasManyTrainingAndHeldOutQuestionForms() {
        for (NewsRelation relation : NewsRelation.values()) {
            int train = 0;
            int heldOut = 0;
            int slots = 0;
            for (Grammar.Rule rule : g.grammar.rules().values()) {
                if (!rule.name().startsWith("Q." + relation.name() + ".")) {
                    continue;
                }
                slots++;
                int ruleTrain = 0;
                int ruleHeldOut = 0;
                for (Grammar.Alternative a : rule.alternatives()) {
                    if (a.heldOut()) {
                        ruleHeldOut++;
                    } else {
                        ruleTrain++;
                    }
                }
                assertTrue(ruleTrain >= 1 && ruleHeldOut >= 1, rule.name() + ": " + ruleTrain + " training, "
                        + ruleHeldOut + " held-out forms");
                train += ruleTrain;
                heldOut += ruleHeldOut;
            }
            assertTrue(slots >= 3, relation + " asks about " + slots + " slots");
            assertTrue(train >= 8 && heldOut >= 3, relation + ": " + train + " training, " + heldOut + " held-out");
        }
    }

    @Test
    void noQuestionFormMentionsTheSlotItAsksFor() {
        for (Grammar.Rule rule : g.grammar.rules().values()) {
            if (!rule.name().startsWith("Q.")) {
                continue;
            }
            String slot = rule.name().substring(rule.name().lastIndexOf('.') + 1);
            for (Grammar.Alternative a : rule.alternatives()) {
                assertTrue(!mentions(a.body(), slot), a.id() + " names its own answer");
            }
        }
    }

    @Test
    void aModelWithoutMemoryRarelyGuessesTheAnswer() {
        NaturalCorpus corpus = new NaturalCorpus(31, NaturalSplit.TRAIN);
        Map<String, Map<String, Integer>> answersBySlot = new TreeMap<>();
        for (int i = 0; i < 4000; i++) {
            NewsItem item = corpus.nextItem();
            for (NaturalQuestion q : item.questions()) {
                answersBySlot.computeIfAbsent(item.relation() + "." + q.slot(), k -> new HashMap<>())
                        .merge(q.answer(), 1, Integer::sum);
            }
        }
        long asked = 0;
        long bestGuesses = 0;
        List<String> common = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : answersBySlot.entrySet()) {
            int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            int top = e.getValue().values().stream().mapToInt(Integer::intValue).max().orElse(0);
            asked += total;
            bestGuesses += top;
            if (total >= 60 && top > 0.15 * total) {
                common.add(e.getKey() + " " + top + "/" + total);
            }
        }
        assertTrue(common.isEmpty(), "answers a guess gets right too often: " + common);
        assertTrue(bestGuesses < 0.05 * asked, "always guessing the commonest answer per slot gets " + bestGuesses
                + " of " + asked);
    }

    private static boolean mentions(List<Grammar.Element> body, String slot) {
        for (Grammar.Element e : body) {
            if (e instanceof Grammar.Slot s && s.name().equals(slot)) {
                return true;
            }
            if (e instanceof Grammar.Choice c) {
                for (Grammar.Option o : c.options()) {
                    if (mentions(o.body(), slot)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
