package engram.app.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's runtime classpath (what {@code ./engram run} and the Docker image load: this module's classes plus
 * {@code target/runtime-classpath.txt}, the same runtime scope {@code dependency:copy-dependencies} copies into the
 * image) holds no trainer, corpus, eval, lab or benchmark class. Those live in the train, lab and tools modules and
 * run on the offline commands' classpath only.
 */
class ServiceClasspathTest {

    /** Packages that must never ship with the service. */
    private static final List<String> OFFLINE_PACKAGES = List.of("engram/train/", "engram/lab/", "engram/tools/");
    private static final List<String> OFFLINE_ARTIFACTS = List.of("engram-train", "engram-lab", "engram-tools");

    @Test
    void holdsNoTrainingLabOrBenchmarkClass() throws IOException {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.isRegularFile(file), "the build writes " + file + " before the tests (process-classes)");
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes"));
        for (String entry : Files.readString(file).strip().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry));
            }
        }
        assertTrue(entries.stream().anyMatch(p -> p.toString().contains("engine")),
                "the engine must be on the service's classpath: " + entries);
        List<String> offending = new ArrayList<>();
        for (Path entry : entries) {
            for (String artifact : OFFLINE_ARTIFACTS) {
                if (entry.toString().contains(artifact)) {
                    offending.add(entry.toString());
                }
            }
            for (String name : classNames(entry)) {
                if (OFFLINE_PACKAGES.stream().anyMatch(name::startsWith)) {
                    offending.add(entry + "!" + name);
                }
            }
        }
        assertEquals(List.of(), offending, "offline classes on the service's runtime classpath");
    }

    /** Every .class entry of a jar or a classes folder, as a path with '/' separators. */
    private static List<String> classNames(Path entry) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> walk = Files.walk(entry)) {
                walk.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(entry.relativize(p).toString().replace('\\', '/')));
            }
        } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
