package engram.train.corpus.natural;

import java.util.Random;

/**
 * Builds the scene of each relation: every slot its grammar may state, most of them optional for the grammar, and
 * same-kind distractors (a predecessor beside the appointee, a second company, a second city, a second amount) so
 * that a question has to pick the right value.
 */
final class Scenes {

    private Scenes() {
    }

    static Scene make(NewsRelation relation, Random random, Entities entities) {
        Scene scene = new Scene(relation.name());
        SceneKit kit = new SceneKit(random, entities, scene);
        kit.times();
        kit.speakers();
        switch (relation) {
            case APPOINT -> appoint(kit);
            case DEPART -> depart(kit);
            default -> BusinessScenes.make(relation, kit);
        }
        markTheNames(scene);
        return scene;
    }

    /**
     * A name that starts with "The" sets flag SLOT_the: rules that put a word before the name ("chipmaker The
     * Harbor Group") test it.
     */
    static void markTheNames(Scene scene) {
        for (var e : java.util.List.copyOf(scene.values().entrySet())) {
            if (e.getValue().text().startsWith("The ")) {
                scene.flag(e.getKey() + "_the");
            }
        }
    }

    private static void appoint(SceneKit kit) {
        kit.organisation("org", 0.12, 0.08);
        kit.person("person");
        kit.putRole("role", kit.role());
        kit.person("predecessor");
        kit.person("chair");
        kit.sameKind("prev_org");
        kit.putRole("prev_role", kit.role());
        kit.put("age", Quantities.age(kit.random), Value.Kind.AGE);
        kit.scene.put("study_city", kit.entities.city());
    }

    private static void depart(SceneKit kit) {
        kit.organisation("org", 0.12, 0.08);
        kit.person("person");
        kit.putRole("role", kit.role());
        kit.person("successor");
        String successorRole;
        do {
            successorRole = kit.role();
        } while (successorRole.equals(kit.scene.value("role").text()));
        kit.putRole("successor_role", successorRole);
        kit.sameKind("new_org");
        kit.putRole("new_role", kit.role());
        int tenure = 2 + kit.random.nextInt(18);
        kit.put("tenure", tenure < 10 ? Quantities.smallNumberWord(tenure) : Integer.toString(tenure),
                Value.Kind.COUNT);
    }
}
