package dev.nicpin.it;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A JDK the client JVMs run on, by name: a feature version ({@code 17}), or a feature version
 * and a variant ({@code 17-legacy}), which adds JVM options to every run. The list is the
 * system property {@code nicpin.jdks}, {@code NAME=JAVA_HOME} pairs separated by commas, when
 * it is set ({@code -Dnicpin.jdks=17=/usr/lib/jvm/java-17-openjdk-amd64,17-legacy=...} runs a
 * subset). Otherwise it is every long-term-support JDK, {@link #DEFAULT}, provisioned by
 * {@code lab/provision-jdks.sh}, which the test JVM runs once per JDK: here rather than in the
 * build, so that a test started alone or from an IDE gets the same JDKs, and a machine that
 * cannot provision one skips the tests that need it, saying why ({@link #requireInstalled}).
 *
 * @param home null when provisioning failed
 */
public record Jdk(String name, int feature, Path home, List<String> jvmOptions) {
    /** What the tests run on by default: the LTS JDKs, and 17 with its legacy socket implementations too. */
    private static final List<String> DEFAULT = List.of("8", "11", "17", "17-legacy", "21", "25");
    /**
     * JVM options by variant. {@code legacy}: java.net.Socket and DatagramSocket on the plain
     * implementations (AbstractPlainSocketImpl, AbstractPlainDatagramSocketImpl) that JDK 13 and
     * 15 replaced and 18 removed; nicpin hooks them apart.
     */
    private static final Map<String, List<String>> VARIANTS = Map.of("legacy",
            List.of("-Djdk.net.usePlainSocketImpl=true", "-Djdk.net.usePlainDatagramSocketImpl=true"));
    /** A fresh machine downloads JDK 8, 11 and 21 (about a minute in all); a cached one answers at once. */
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(5);

    public static List<Jdk> configured() {
        return Configured.JDKS;
    }

    /** For tests that need not run on every JDK (slow ones, or of a mechanism no JDK changes): 17 if configured, else the first. */
    public static List<Jdk> one() {
        List<Jdk> all = configured();
        return List.of(all.stream().filter(jdk -> jdk.name().equals("17")).findFirst().orElse(all.get(0)));
    }

    /** This JDK's home, after making sure it is there ({@link Prerequisites#unmet} otherwise). */
    public Path requireInstalled() {
        if (home == null) {
            Prerequisites.unmet("JDK " + name + " was not provisioned: " + Configured.provisioningProblem(feature));
        }
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            Prerequisites.unmet("JDK " + name + " is not installed at " + home + " (see nicpin.jdks)");
        }
        return home;
    }

    @Override
    public String toString() {
        return "JDK " + name;
    }

    /** NAME is {@code FEATURE} or {@code FEATURE-VARIANT}; the home is looked up by feature version. */
    private static Jdk named(String name, IntFunction<Path> home) {
        String[] parts = name.split("-", 2);
        List<String> options = parts.length == 1 ? List.of() : VARIANTS.get(parts[1]);
        if (!parts[0].matches("[0-9]+") || options == null) {
            throw new IllegalArgumentException("not a JDK name: '" + name + "'; expected FEATURE or FEATURE-VARIANT,"
                    + " the variants being " + VARIANTS.keySet() + " (nicpin.jdks)");
        }
        int feature = Integer.parseInt(parts[0]);
        return new Jdk(name, feature, home.apply(feature), options);
    }

    /** The list, made once per test JVM when first asked for: a test class the lab cannot run never asks. */
    private static final class Configured {
        /** By feature version, when the list is the default. */
        private static final Map<Integer, Provisioned> PROVISIONED = new HashMap<>();
        private static final List<Jdk> JDKS;

        static {
            String list = System.getProperty("nicpin.jdks", "");
            if (list.isBlank()) {
                IntFunction<Path> provisioned =
                        feature -> PROVISIONED.computeIfAbsent(feature, Provisioned::run).home();
                JDKS = DEFAULT.stream().map(name -> named(name, provisioned)).toList();
            } else {
                JDKS = Arrays.stream(list.split(","))
                        .filter(entry -> !entry.isBlank())
                        .map(Configured::parse)
                        .toList();
            }
        }

        private static Jdk parse(String entry) {
            String[] pair = entry.split("=", 2);
            if (pair.length < 2) {
                throw new IllegalArgumentException("not NAME=JAVA_HOME: '" + entry + "' (nicpin.jdks)");
            }
            return named(pair[0].strip(), feature -> Path.of(pair[1].strip()));
        }

        static String provisioningProblem(int feature) {
            return PROVISIONED.get(feature).problem();
        }
    }

    /**
     * What {@code lab/provision-jdks.sh} gave for one feature version: its home, or why none. One
     * run per JDK, so that one the machine cannot have skips its own tests only.
     */
    private record Provisioned(Path home, String problem) {

        static Provisioned run(int feature) {
            List<String> command = List.of(Build.provisionJdksScript().toString(), String.valueOf(feature));
            ProcessResult run;
            try {
                run = Processes.run(command, Map.of(), PROVISIONING_TIMEOUT);
            } catch (UncheckedIOException e) {
                return failed(e.getMessage() + ": " + e.getCause().getMessage());
            }
            String printed = run.stdout().strip();
            if (run.timedOut() || run.exitCode() != 0 || !printed.startsWith(feature + "=")) {
                return failed(String.join(" ", command) + (run.timedOut() ? " timed out" : " failed") + ": "
                        + (run.stderr() + printed).strip());
            }
            System.err.print(run.stderr());   // what it downloaded, the first time
            return new Provisioned(Path.of(printed.substring(printed.indexOf('=') + 1)), null);
        }

        /** Said once where the developer looks, as {@link Prerequisites} does: Surefire's summary only counts skips. */
        private static Provisioned failed(String problem) {
            System.err.println("[nicpin-it] " + problem);
            return new Provisioned(null, problem);
        }
    }
}
