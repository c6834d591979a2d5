package org.organisermetrics.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.Fixtures;

/**
 * The layers of docs/architecture.md hold in the code: the table "Packages and layers" gives each
 * package its layer, and every reference from one package of jobs/src/main to another (an import
 * or a fully qualified name) goes to a lower layer, or to a package of the same layer without
 * closing a cycle. Every package of the code is in the table.
 */
class ArchitectureTest {
    private static final String BASE = "org.organisermetrics.";
    private static final Pattern LAYER_ROW = Pattern.compile("^\\| (\\d+) \\| `([a-z.]+)` \\|", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("org\\.organisermetrics\\.([a-z.]+)\\.[A-Z]");

    static Map<String, Integer> layers;
    /** package -> packages it refers to -> the files that do. */
    static Map<String, Map<String, Set<String>>> references;

    @BeforeAll
    static void read() throws IOException {
        layers = layersOf(Files.readString(Fixtures.repoRoot().resolve("docs/architecture.md"), StandardCharsets.UTF_8));
        references = referencesIn(Fixtures.repoRoot().resolve("jobs/src/main/java/org/organisermetrics"));
    }

    static Map<String, Integer> layersOf(String doc) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = LAYER_ROW.matcher(doc);
        while (m.find()) {
            out.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        return out;
    }

    static Map<String, Map<String, Set<String>>> referencesIn(Path root) throws IOException {
        Map<String, Map<String, Set<String>>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                Map<String, Set<String>> refs = out.computeIfAbsent(pkg, p -> new TreeMap<>());
                Matcher m = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        refs.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyPackageOfTheCodeHasItsLayerInTheDoc() {
        Set<String> missing = new TreeSet<>(references.keySet());
        missing.removeAll(layers.keySet());
        assertEquals(Set.of(), missing, "packages missing from the table in docs/architecture.md");
        Set<String> gone = new TreeSet<>(layers.keySet());
        gone.removeAll(references.keySet());
        assertEquals(Set.of(), gone, "packages in docs/architecture.md that the code no longer has");
    }

    @Test
    void noPackageReachesUpTheLayers() {
        List<String> up = new ArrayList<>();
        references.forEach((from, refs) -> refs.forEach((to, files) -> {
            Integer a = layers.get(from);
            Integer b = layers.get(to);
            if (a != null && b != null && b > a) {
                up.add(BASE + from + " (layer " + a + ") -> " + BASE + to + " (layer " + b + "): " + files);
            }
        }));
        assertEquals(List.of(), up);
    }

    @Test
    void thePackagesFormNoCycle() {
        List<String> cycles = new ArrayList<>();
        for (String start : references.keySet()) {
            findCycle(start, start, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    private static void findCycle(String start, String at, List<String> path, Set<String> seen, List<String> cycles) {
        for (String next : references.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void theCheckSeesAReferenceUpTheLayersAndACycle() {
        // The check itself, on a made-up table and made-up references: it must not be blind.
        Map<String, Integer> made = layersOf("| 0 | `low` | x |\n| 1 | `high` | y |\n");
        assertEquals(Map.of("low", 0, "high", 1), made);
        Matcher m = REFERENCE.matcher("import org.organisermetrics.high.Thing;");
        assertTrue(m.find());
        assertEquals("high", m.group(1));
    }
}
