package engram.train.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {

    private final Template ceo = new Template("ceo.x", Relation.CEO,
            "{company} named {person} as chief executive on {weekday}.", null, false);

    @Test
    void rendersSlotsAndLocatesThem() {
        Template.Rendered rendered = ceo.render(Map.of("company", "Velora Dynamics", "person", "Tamsin Okafor",
                "weekday", "Monday"));
        assertEquals("Velora Dynamics named Tamsin Okafor as chief executive on Monday.", rendered.text());
        assertEquals(new Span(0, 15), rendered.slotSpans().get("company"));
        assertEquals("Tamsin Okafor", rendered.slotSpans().get("person").of(rendered.text()));
        assertEquals(List.of("company", "person", "weekday"), ceo.slots());
    }

    @Test
    void missingSlotIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ceo.render(Map.of("company", "Velora Dynamics")));
        assertTrue(e.getMessage().contains("person"), e.getMessage());
    }

    @Test
    void matcherFindsRenderingsOfThisTemplateOnly() {
        assertTrue(ceo.matcher().matcher("Say: Hal Co named Ann Bo as chief executive on Friday. Yes.").find());
        assertFalse(ceo.matcher().matcher("Hal Co appointed Ann Bo as its new CEO.").find());
    }

    @Test
    void phrasebookHasEnoughRelationsAndPhrasings() {
        assertTrue(Relation.values().length >= 12);
        for (Relation relation : Relation.values()) {
            assertTrue(Phrasebook.contexts(relation, false).size() >= 4, relation + " phrasings");
            assertTrue(Phrasebook.contexts(relation, true).size() >= 1, relation + " held-out phrasings");
            assertTrue(Phrasebook.questions(relation, false).size() >= 2, relation + " questions");
            assertTrue(Phrasebook.questions(relation, true).size() >= 1, relation + " held-out questions");
        }
        assertEquals(Phrasebook.all().size(), Phrasebook.all().stream().map(Template::id).distinct().count());
    }
}
