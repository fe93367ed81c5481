package engram.train.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every phrasing of every relation, and every question about it. Per relation: five training phrasings (one a
 * conversation turn "{speaker}: ..." or "{person}: ..."), one held-out phrasing, two or three training question
 * templates and one held-out question template. Template ids are "relation.c1" (context), "relation.q1"
 * (question), "relation.hc1" / "relation.hq1" (held out).
 *
 * <p>Rule checked when this class loads: every slot any question of a relation mentions appears in every phrasing of
 * that relation, so whichever phrasing states a fact, each of its questions is answerable from the text.
 */
final class Phrasebook {

    private static final Map<Relation, List<Template>> CONTEXTS = new EnumMap<>(Relation.class);
    private static final Map<Relation, List<Template>> QUESTIONS = new EnumMap<>(Relation.class);

    static {
        relation(Relation.CEO)
                .context("{company} named {person} as chief executive on {weekday}.")
                .context("{company} appointed {person} as its new CEO.")
                .context("{person} took over as CEO of {company} this week.")
                .context("The board of {company} picked {person} to run the company.")
                .context("{speaker}: Did you hear? {person} is the new boss of {company}.")
                .heldOutContext("{person} was promoted to chief executive at {company} on {weekday}.")
                .question("Who is the CEO of {company}?", "person")
                .question("Who runs {company}?", "person")
                .question("Which company does {person} lead?", "company")
                .heldOutQuestion("Who is in charge of {company} now?", "person");
        relation(Relation.HEADQUARTERS)
                .context("{company} moved its headquarters from {city2} to {city}.")
                .context("{company} relocated to {city} after ten years in {city2}.")
                .context("{company} is now based in {city}, the firm said.")
                .context("{company} opened its new head office in {city} on {weekday}.")
                .context("{speaker}: {company} has left {city2} and set up in {city}.")
                .heldOutContext("{company} has shifted its main office to {city}.")
                .question("Where is {company} based?", "city")
                .question("Where did {company} move its headquarters?", "city")
                .heldOutQuestion("In which city is {company} located now?", "city");
        relation(Relation.ACQUISITION)
                .context("{company} acquired {target} for {amount}.")
                .context("{company} bought {target} in a deal worth {amount}.")
                .context("{target} was sold to {company} for {amount}.")
                .context("{company} agreed to buy its rival {target} on {weekday}.")
                .context("{speaker}: So {company} finally bought {target}.")
                .heldOutContext("{company} completed its takeover of {target}.")
                .question("Which company bought {target}?", "company")
                .question("Who acquired {target}?", "company")
                .question("Which company did {company} buy?", "target")
                .heldOutQuestion("Who is the new owner of {target}?", "company");
        relation(Relation.PRODUCT_LAUNCH)
                .context("{company} launched the {product} on {weekday}.")
                .context("{company} unveiled the {product}, its newest device.")
                .context("The {product} from {company} went on sale today.")
                .context("{company} released a new gadget called the {product}.")
                .context("{speaker}: I just saw the {product} that {company} launched.")
                .heldOutContext("{company} showed off the {product} at a press event.")
                .question("What product did {company} launch?", "product")
                .question("Which company makes the {product}?", "company")
                .heldOutQuestion("What did {company} just bring to market?", "product");
        relation(Relation.PRICE)
                .context("The {product} costs {price}.")
                .context("The {product} will sell for {price}.")
                .context("Shoppers can buy the {product} for {price}.")
                .context("{company} priced the {product} at {price}.")
                .context("{speaker}: I paid {price} for the {product}.")
                .heldOutContext("The {product} carries a price tag of {price}.")
                .question("How much does the {product} cost?", "price")
                .question("What is the price of the {product}?", "price")
                .heldOutQuestion("How much would I pay for the {product}?", "price");
        relation(Relation.FOUNDED)
                .context("{company} was founded in {year} in {city}.")
                .context("{company} was set up in {year}.")
                .context("Since its founding in {year}, {company} has grown fast.")
                .context("{company}, started in {year}, now sells across the region.")
                .context("{speaker}: {company} has been around since {year}.")
                .heldOutContext("{company} first opened its doors in {year}.")
                .question("When was {company} founded?", "year")
                .question("In what year was {company} started?", "year")
                .heldOutQuestion("Since which year has {company} existed?", "year");
        relation(Relation.EMPLOYEES)
                .context("{company} now employs {count} people.")
                .context("{company} has {count} workers in {city}.")
                .context("About {count} people work at {company}.")
                .context("{company} said its staff had grown to {count}.")
                .context("{speaker}: {company} has {count} employees now.")
                .heldOutContext("The workforce of {company} stands at {count}.")
                .question("How many people work at {company}?", "count")
                .question("How many employees does {company} have?", "count")
                .heldOutQuestion("What is the size of the staff at {company}?", "count");
        relation(Relation.MATCH_SCORE)
                .context("{team} beat {team2} {score} on {weekday}.")
                .context("{team} won {score} against {team2}.")
                .context("{team2} lost {score} to {team} in the final.")
                .context("A late goal gave {team} a {score} win over {team2}.")
                .context("{speaker}: What a game, {team} beat {team2} {score}!")
                .heldOutContext("{team} defeated {team2} by {score}.")
                .question("What was the score when {team} played {team2}?", "score")
                // each names one team only: naming both would let a model guess the winner half the time
                .question("Which team beat {team2}?", "team")
                .question("Which team lost to {team}?", "team2")
                .heldOutQuestion("How did the game between {team} and {team2} end?", "score");
        relation(Relation.EVENT_PLACE)
                .context("The {event} will take place in {city} this year.")
                .context("{city} will host the {event}.")
                .context("Organisers moved the {event} to {city}.")
                .context("The {event} opens in {city} next month.")
                .context("{speaker}: Are you going to the {event} in {city}?")
                .heldOutContext("Visitors to the {event} will travel to {city}.")
                .question("Where will the {event} take place?", "city")
                .question("Which city is hosting the {event}?", "city")
                .heldOutQuestion("Where is the {event} being held?", "city");
        relation(Relation.EVENT_DATE)
                .context("The {event} will be held on {date}.")
                .context("The {event} is set for {date}.")
                .context("Organisers said the {event} starts on {date}.")
                .context("Save the date: the {event} begins on {date}.")
                .context("{speaker}: The {event} is on {date}, right?")
                .heldOutContext("The {event} has been scheduled for {date}.")
                .question("When is the {event}?", "date")
                .question("On what date does the {event} start?", "date")
                .heldOutQuestion("What day was chosen for the {event}?", "date");
        relation(Relation.JOB_TITLE)
                .context("{person} joined {company} as {title}.")
                .context("{person} is the new {title} at {company}.")
                .context("{company} hired {person} as its {title}.")
                .context("{person} became {title} at {company} on {weekday}.")
                .context("{person}: I started last month as {title} at {company}.")
                .heldOutContext("{person} now works at {company}, serving as {title}.")
                .question("What is {person}'s job at {company}?", "title")
                .question("Where does {person} work?", "company")
                .heldOutQuestion("What role does {person} have at {company}?", "title");
        relation(Relation.FAVOURITE)
                .context("{person}'s favourite {category} is {thing}.")
                .context("{person} says {thing} is the best {category} of all.")
                .context("{person} loves {thing} more than any other {category}.")
                .context("Ask {person} about {category} and the answer is always {thing}.")
                .context("{person}: My favourite {category} is {thing}.")
                .heldOutContext("{person} told friends that no {category} beats {thing}.")
                .question("What is {person}'s favourite {category}?", "thing")
                .question("Which {category} does {person} like most?", "thing")
                .heldOutQuestion("What {category} does {person} prefer?", "thing");
        relation(Relation.PARTNER)
                .context("{person} married {person2} in {city}.")
                .context("{person} is married to {person2}.")
                .context("{person} and {person2} got married last summer.")
                .context("{person} has been the partner of {person2} for years.")
                .context("{person}: My partner {person2} and I live in {city}.")
                .heldOutContext("{person} tied the knot with {person2} on {weekday}.")
                .question("Who is {person} married to?", "person2")
                .question("Who is {person}'s partner?", "person2")
                .heldOutQuestion("Who is the spouse of {person}?", "person2");
        relation(Relation.HOMETOWN)
                .context("{person} was born in {city}.")
                .context("{person} grew up in {city}.")
                .context("{person} comes from {city}.")
                .context("{person} returned to {city}, the town where it all began.")
                .context("{person}: I am from {city}, a town by the river.")
                .heldOutContext("{person} is a native of {city}.")
                .question("Where is {person} from?", "city")
                .question("Where did {person} grow up?", "city")
                .heldOutQuestion("What is the home town of {person}?", "city");
        for (Relation relation : Relation.values()) {
            checkQuestionsAnswerable(relation);
        }
    }

    private Phrasebook() {
    }

    /** The phrasings of a relation: the training ones, or the held-out ones. */
    static List<Template> contexts(Relation relation, boolean heldOut) {
        return CONTEXTS.get(relation).stream().filter(t -> t.heldOut() == heldOut).toList();
    }

    /** The question templates of a relation: the training ones, or the held-out ones. */
    static List<Template> questions(Relation relation, boolean heldOut) {
        return QUESTIONS.get(relation).stream().filter(t -> t.heldOut() == heldOut).toList();
    }

    /** Every template, phrasings and questions, training and held out. */
    static List<Template> all() {
        List<Template> all = new ArrayList<>();
        for (Relation relation : Relation.values()) {
            all.addAll(CONTEXTS.get(relation));
            all.addAll(QUESTIONS.get(relation));
        }
        return Collections.unmodifiableList(all);
    }

    /** The slots any question of this relation answers with. */
    static Set<String> answerSlots(Relation relation) {
        Set<String> slots = new LinkedHashSet<>();
        for (Template question : QUESTIONS.get(relation)) {
            slots.add(question.answerSlot());
        }
        return slots;
    }

    private static void checkQuestionsAnswerable(Relation relation) {
        List<Template> contexts = CONTEXTS.get(relation);
        List<Template> questions = QUESTIONS.get(relation);
        if (contexts == null || questions == null || contexts(relation, true).isEmpty()
                || questions(relation, true).isEmpty()) {
            throw new IllegalStateException(relation + " needs training and held-out phrasings and questions");
        }
        for (Template question : questions) {
            Set<String> needed = new LinkedHashSet<>(question.slots());
            needed.add(question.answerSlot());
            for (Template context : contexts) {
                if (!context.slots().containsAll(needed)) {
                    throw new IllegalStateException("phrasing " + context.id() + " lacks a slot of question "
                            + question.id() + " (" + needed + ")");
                }
            }
        }
    }

    private static Builder relation(Relation relation) {
        CONTEXTS.put(relation, new ArrayList<>());
        QUESTIONS.put(relation, new ArrayList<>());
        return new Builder(relation);
    }

    private static final class Builder {
        private final Relation relation;
        private final String prefix;
        private int contexts;
        private int heldOutContexts;
        private int questions;
        private int heldOutQuestions;

        Builder(Relation relation) {
            this.relation = relation;
            this.prefix = relation.name().toLowerCase(java.util.Locale.ROOT);
        }

        Builder context(String pattern) {
            CONTEXTS.get(relation).add(new Template(prefix + ".c" + ++contexts, relation, pattern, null, false));
            return this;
        }

        Builder heldOutContext(String pattern) {
            CONTEXTS.get(relation).add(new Template(prefix + ".hc" + ++heldOutContexts, relation, pattern, null,
                    true));
            return this;
        }

        Builder question(String pattern, String answerSlot) {
            QUESTIONS.get(relation).add(new Template(prefix + ".q" + ++questions, relation, pattern, answerSlot,
                    false));
            return this;
        }

        Builder heldOutQuestion(String pattern, String answerSlot) {
            QUESTIONS.get(relation).add(new Template(prefix + ".hq" + ++heldOutQuestions, relation, pattern,
                    answerSlot, true));
            return this;
        }
    }
}
