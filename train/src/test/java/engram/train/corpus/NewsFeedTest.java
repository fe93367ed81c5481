package engram.train.corpus;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewsFeedTest {

    @Test
    void aFeedIsReproducibleAndEachItemEndsWithTheFactItsQuestionAsksFor() {
        List<NewsFeed.Item> feed = NewsFeed.generate(3, Split.HELDOUT_NAMES, 60);
        assertEquals(feed, NewsFeed.generate(3, Split.HELDOUT_NAMES, 60));
        assertNotEquals(feed, NewsFeed.generate(4, Split.HELDOUT_NAMES, 60));
        Set<String> ids = new HashSet<>();
        for (NewsFeed.Item item : feed) {
            assertTrue(ids.add(item.id()), "ids are unique: " + item.id());
            String lastSentence = item.body().substring(item.body().lastIndexOf(". ", item.body().length() - 2) + 2);
            assertTrue(lastSentence.contains(item.question().answer()) || item.title().contains(item.question()
                    .answer()), item.text() + " / " + item.question());
            assertTrue(item.text().startsWith(item.title() + "\n\n"));
            assertEquals(-1, item.changes());
        }
        assertTrue(feed.stream().map(i -> i.question().question()).distinct().count() > 50, "questions differ");
    }

    @Test
    void laterItemsChangeAnEarlierFactAndTheQuestionAsksForTheNewValue() {
        List<NewsFeed.Item> feed = NewsFeed.withChanges(5, Split.HELDOUT_NAMES, 100, 10);
        assertEquals(100, feed.size());
        List<NewsFeed.Item> changing = feed.stream().filter(i -> i.changes() >= 0).toList();
        assertEquals(10, changing.size());
        for (NewsFeed.Item later : changing) {
            int at = feed.indexOf(later);
            NewsFeed.Item earlier = feed.get(later.changes());
            assertTrue(later.changes() < at && later.changes() < 50, "the earlier item comes first, in the first half");
            assertTrue(earlier.text().contains(later.staleValue()), earlier.text() + " / " + later.staleValue());
            assertTrue(later.text().contains(later.question().answer()), later.text());
            assertNotEquals(later.staleValue(), later.question().answer());
            assertFalse(later.question().answer().contains(later.staleValue()), later.question().toString());
        }
        assertEquals(feed, NewsFeed.withChanges(5, Split.HELDOUT_NAMES, 100, 10));
    }
}
