package engram.topology.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.EngramTopology;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The topology reaches the engine module only through its port: no compiled main class outside
 * {@code engram.topology.engine} refers to a class of {@code engram.engine} (an import, a fully qualified name, a
 * method signature: all of them end up as {@code engram/engine/...} names in the class file).
 */
class EngineBoundaryTest {

    private static final String ADAPTER = "engram/topology/engine/";
    private static final Pattern ENGINE_CLASS = Pattern.compile("engram/engine/[A-Za-z0-9_/$]+");

    @Test
    void onlyTheAdapterPackageRefersToTheEngineModule() throws Exception {
        Map<String, byte[]> classes = topologyMainClasses();
        assertTrue(classes.containsKey("engram/topology/EngramTopology.class")
                && classes.containsKey(ADAPTER + "MemoryLLMEngine.class"), "found the main classes: " + classes.keySet());
        assertTrue(!engineReferences(classes.get(ADAPTER + "MemoryLLMEngine.class")).isEmpty(),
                "the scan sees the adapter's own references to the engine module");

        Map<String, TreeSet<String>> offenders = new TreeMap<>();
        classes.forEach((name, bytes) -> {
            if (!name.startsWith(ADAPTER)) {
                TreeSet<String> refs = engineReferences(bytes);
                if (!refs.isEmpty()) {
                    offenders.put(name, refs);
                }
            }
        });
        assertEquals(Map.of(), offenders, "classes outside " + ADAPTER + " that use the engine module directly");
    }

    private static TreeSet<String> engineReferences(byte[] classFile) {
        // class names sit in the constant pool as (modified) UTF-8; ISO-8859-1 maps each byte to one char
        Matcher m = ENGINE_CLASS.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
        TreeSet<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Every class file of the topology's main code, by its path in the class tree (a folder, or a jar). */
    private static Map<String, byte[]> topologyMainClasses() throws IOException, URISyntaxException {
        Path location = Path.of(EngramTopology.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> all = Files.walk(location)) {
                all.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
            }
            for (Path file : files) {
                classes.put(location.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }
}
