package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that ships its own, older versions of ASM, SLF4J (with slf4j-simple), Byte
 * Buddy and jnr-posix runs with the agent exactly as without it, save that it is pinned; and it
 * cannot see nicpin's classes: each class it looks up comes from its own jars, or is not there.
 *
 * <p>The application ({@code src/test/resources/dev/nicpin/it/apps/CoexistingApp.java}) is
 * compiled here, for Java 8 as every test application is, against exactly the jars it runs
 * with. Those jars are test dependencies of this module (see its pom.xml), so Maven resolves
 * them and what they depend on; the test takes them from its own class path by their Maven
 * groups.
 */
@ExtendWith(LabExtension.class)
class CoexistenceTest {
    private static final String APP = "dev.nicpin.it.apps.CoexistingApp";
    /** The versions the application ships. */
    private static final List<String> LIBRARIES = List.of("asm-7.3.1.jar", "slf4j-api-1.7.36.jar",
            "slf4j-simple-1.7.36.jar", "byte-buddy-1.12.23.jar", "jnr-posix-3.1.20.jar");
    /** Where, in a Maven repository, those libraries and the ones they depend on live. */
    private static final List<String> GROUPS =
            List.of("/org/ow2/asm/", "/org/slf4j/", "/net/bytebuddy/", "/com/github/jnr/");

    @TempDir
    static Path classes;
    /** The app's class path once compiled: its classes, then its jars. */
    private static String compiled;

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    /** The app's class path, once it is compiled; skips the test (fails it under CI) if its libraries are missing. */
    private static synchronized String appClasspath() {
        if (compiled != null) {
            return compiled;
        }
        List<String> jars = TestApps.testClasspathJars(GROUPS);
        List<String> names = jars.stream().map(jar -> Path.of(jar).getFileName().toString()).toList();
        if (!names.containsAll(LIBRARIES)) {
            Prerequisites.unmet("the coexistence test needs " + LIBRARIES + " on the test class path"
                    + " (test dependencies in it-tests/pom.xml); found " + names);
        }
        compiled = AppSources.compile(classes, jars, "CoexistingApp.java");
        return compiled;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAppWithItsOwnLibrariesRunsAsWithoutTheAgentAndIsPinned(Jdk jdk, Lab lab) {
        String classpath = appClasspath();
        String service = text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        String port = String.valueOf(lab.tcpPort());

        // Side by side: the libraries take a couple of seconds to start, and the two runs share nothing.
        JvmRunner withoutAgentJvm = lab.clientJvm(jdk);   // here, where a JDK that is not there skips the test
        CompletableFuture<ProcessResult> withoutAgent = CompletableFuture.supplyAsync(() ->
                withoutAgentJvm.runMain(classpath, APP, service, port));
        ProcessResult with = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules))
                .runMain(classpath, APP, service, port);
        ProcessResult without = withoutAgent.join();

        assertEquals(0, with.exitCode(), with::describe);
        assertEquals(0, without.exitCode(), without::describe);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("org.objectweb.asm.ClassReader", "asm-7.3.1.jar");
        expected.put("org.slf4j.LoggerFactory", "slf4j-api-1.7.36.jar");
        expected.put("org.slf4j.spi.SLF4JServiceProvider", "not-visible");   // SLF4J 2, which nicpin uses
        expected.put("net.bytebuddy.ByteBuddy", "byte-buddy-1.12.23.jar");
        expected.put("jnr.posix.POSIXFactory", "jnr-posix-3.1.20.jar");
        expected.put("dev.nicpin.rules.RuleTable", "not-visible");
        expected.put("dev.nicpin.agent.NicpinAgent", "not-visible");
        expected.put("dev.nicpin.pin.Pinner", "not-visible");
        expected.put("slf4j-binding", "org.slf4j.impl.SimpleLoggerFactory");
        expected.put("byte-buddy", "made-by-byte-buddy");
        expected.put("asm", "org/slf4j/Logger");
        expected.put("jnr-posix-getpid", "matches");
        expected.put("tcp", new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1").toString());
        assertEquals(expected, AppOutput.byName(with.stdout()), with::describe);

        expected.put("tcp", new Report(lab.clientAddress("nic0", IpFamily.V4), "nic0").toString());
        assertEquals(expected, AppOutput.byName(without.stdout()), without::describe);
        assertTrue(without.stderr().contains("INFO coexisting-app - logged through the application's own SLF4J"),
                without::describe);
        List<String> appStderr = with.stderrLines().stream().filter(line -> !line.startsWith("[nicpin] ")).toList();
        assertEquals(without.stderrLines(), appStderr,
                () -> "the app's own standard error (its SLF4J line, its libraries' JVM warnings) is the same"
                        + " with the agent\n" + with.describe() + "\n" + without.describe());
    }
}
