package io.syncline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages depend on each other one way, along the pipeline: each imports only the
 * packages before it (the public API, the settings and the metrics come first, and every stage may
 * count in the metrics).
 */
class PipelineDependenciesTest {

    private static final List<String> PIPELINE = List.of(
            "io.syncline", "io.syncline.config", "io.syncline.metrics", "io.syncline.capture", "io.syncline.journal",
            "io.syncline.relay", "io.syncline.delivery", "io.syncline.websocket");

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.syncline(?:\\.[a-z]+)*)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void eachPackageImportsOnlyThePackagesBeforeIt() throws IOException {
        Map<String, TreeSet<String>> imports = new TreeMap<>();
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
                Matcher imported = IMPORT.matcher(read(file));
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg)) {
                        imports.computeIfAbsent(pkg, p -> new TreeSet<>()).add(imported.group(1));
                    }
                }
            });
        }

        assertThat(imports).isNotEmpty();
        imports.forEach((pkg, used) -> {
            assertThat(PIPELINE).as("a package of the pipeline").contains(pkg);
            assertThat(used).as(pkg + " imports only packages before it")
                    .allMatch(other -> PIPELINE.indexOf(other) >= 0 && PIPELINE.indexOf(other) < PIPELINE.indexOf(pkg));
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
