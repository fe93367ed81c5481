package engram.train.corpus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {

    @Test
    void noListedAnswerIsPartOfAnother() {
        // else a distractor stating "hot chocolate" would hide the answer "cola", and an answer check by
        // substring would count one as the other
        List<String> answers = new ArrayList<>(Values.TITLES);
        Values.FAVOURITES.values().forEach(answers::addAll);
        for (int i = 0; i < answers.size(); i++) {
            for (int j = 0; j < answers.size(); j++) {
                assertFalse(i != j && answers.get(j).contains(answers.get(i)),
                        "'" + answers.get(i) + "' is inside '" + answers.get(j) + "'");
            }
        }
    }

    @Test
    void listedAnswersAreHardToGuess() {
        assertTrue(Values.TITLES.size() >= 20);
        Values.FAVOURITES.forEach((category, things) -> assertTrue(things.size() >= 16, category));
    }

    @Test
    void scoresAreUniformOverTheResults() {
        Random random = new Random(1);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 42_000;
        for (int i = 0; i < draws; i++) {
            String score = Values.score(random);
            String[] goals = score.split("-");
            assertTrue(Integer.parseInt(goals[0]) > Integer.parseInt(goals[1]), score);
            counts.merge(score, 1, Integer::sum);
        }
        assertEquals(21, counts.size());
        counts.forEach((score, count) -> assertTrue(Math.abs(count - draws / 21) < 300, score + ": " + count));
    }
}
