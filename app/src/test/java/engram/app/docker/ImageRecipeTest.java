package engram.app.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images must build from a fresh clone with an empty Maven repository. A Maven call that names only the app
 * module resolves the Engram modules from ~/.m2, where only an earlier {@code mvn install} puts them; so every
 * recipe takes its jars from docker/runtime-lib.sh, one reactor build that also collects the app's runtime
 * classpath. The registry images build inside a container, where Maven loads the reactor only if every module the
 * root POM lists was copied in. (docker/build-local.sh runs a recipe for real; it needs root and a network.)
 */
class ImageRecipeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> RECIPES = List.of("docker/build-local.sh", "docker/Dockerfile",
            "docker/Dockerfile.gpu");

    @Test
    void everyImageTakesItsJarsFromOneReactorBuild() throws IOException {
        String lib = Files.readString(ROOT.resolve("docker/runtime-lib.sh"));
        List<String> mavenCalls = lib.lines().filter(line -> line.strip().startsWith("mvn ")).toList();
        assertEquals(1, mavenCalls.size(), "one Maven call: " + mavenCalls);
        assertTrue(mavenCalls.get(0).contains("-pl app -am package"), "the app and the modules it needs, in one"
                + " reactor: " + mavenCalls.get(0));
        assertTrue(lib.contains("app/target/runtime-classpath.txt"), "the runtime scope the launcher also runs with");
        for (String recipe : RECIPES) {
            String text = Files.readString(ROOT.resolve(recipe));
            assertTrue(text.contains("runtime-lib.sh"), recipe + " builds its jars with docker/runtime-lib.sh");
            assertFalse(Pattern.compile("(?m)^\\s*(RUN\\s+|\\(?\\s*cd [^&]*&&\\s*)?mvn ").matcher(text).find(),
                    recipe + " calls Maven itself");
        }
    }

    @Test
    void theRegistryImagesCopyEveryModuleOfTheReactor() throws IOException {
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        int count = 0;
        while (modules.find()) {
            count++;
            String module = modules.group(1);
            for (String recipe : List.of("docker/Dockerfile", "docker/Dockerfile.gpu")) {
                assertTrue(Files.readString(ROOT.resolve(recipe)).contains("COPY " + module + " " + module + "\n"),
                        recipe + " must copy the module " + module + " for Maven to load the reactor");
            }
        }
        assertTrue(count >= 4, "the root POM lists the modules");
    }
}
