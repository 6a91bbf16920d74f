package dev.nicpin.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A JDK the client JVMs run on. The list comes from the system property {@code nicpin.jdks},
 * {@code FEATURE=JAVA_HOME} pairs separated by commas (the module's pom.xml sets the
 * default; override it with {@code -Dnicpin.jdks=...}).
 */
public record Jdk(int feature, Path home) {

    public static List<Jdk> configured() {
        String list = System.getProperty("nicpin.jdks", "");
        return Arrays.stream(list.split(","))
                .filter(entry -> !entry.isBlank())
                .map(entry -> entry.split("=", 2))
                .map(pair -> new Jdk(Integer.parseInt(pair[0].strip()), Path.of(pair[1].strip())))
                .toList();
    }

    /** This JDK's home, after making sure it is there ({@link Prerequisites#unmet} otherwise). */
    public Path requireInstalled() {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            Prerequisites.unmet("JDK " + feature + " is not installed at " + home + " (see nicpin.jdks)");
        }
        return home;
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
