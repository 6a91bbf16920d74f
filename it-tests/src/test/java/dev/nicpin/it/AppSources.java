package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Test applications kept as sources ({@code src/test/resources/dev/nicpin/it/apps}) because each
 * is compiled here, for Java 8 as every test application is, against exactly the jars it runs
 * with: libraries the test's own class path must not hold, or several versions of one.
 */
final class AppSources {

    private AppSources() {
    }

    /**
     * @param sources file names under {@code apps/}
     * @return the class path to run them with: {@code output}, then {@code jars}
     */
    static String compile(Path output, List<String> jars, String... sources) {
        String libraries = String.join(File.pathSeparator, jars);
        List<String> arguments = new ArrayList<>(List.of("--release", "8", "-classpath", libraries, "-d",
                output.toString()));
        for (String source : sources) {
            arguments.add(source(source).toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                arguments.toArray(String[]::new));
        assertEquals(0, status, () -> "cannot compile " + List.of(sources) + " against " + jars + ":\n"
                + diagnostics.toString(StandardCharsets.UTF_8));
        return output + File.pathSeparator + libraries;
    }

    /**
     * The jars the build copied into {@code directory} (it-tests/pom.xml), to compile against;
     * skips the test (fails it under CI) if it copied none.
     *
     * @param needs who needs them, as the skip says it: {@code "the gRPC test needs gRPC's jars"}
     */
    static List<String> copiedJars(Path directory, String needs) {
        List<String> jars = jarsIn(directory);
        if (jars.isEmpty()) {
            Prerequisites.unmet(needs + " in " + directory.toAbsolutePath() + ", where the build copies them"
                    + " (it-tests/pom.xml)");
        }
        return jars;
    }

    /** The jars in a directory the build copied them into (it-tests/pom.xml); none if it did not. */
    private static List<String> jarsIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::toString).filter(file -> file.endsWith(".jar")).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path source(String name) {
        try {
            return Path.of(AppSources.class.getResource("apps/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test application apps/" + name, e);
        }
    }
}
