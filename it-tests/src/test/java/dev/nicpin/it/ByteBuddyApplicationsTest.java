package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applications that bring their own Byte Buddy run with nicpin as without it, and are pinned:
 * one whose tests use Mockito's inline mock maker, which retransforms the classes it mocks, on
 * JDK classes nicpin has woven already; one that enhances an entity class with Hibernate's Byte
 * Buddy enhancer. Each connection and datagram is answered from nic1's address, and the lab's
 * packet counters saw its packets on nic1 and none on nic0.
 *
 * <p>The applications ({@code src/test/resources/dev/nicpin/it/apps/MockitoInlineApp.java} and
 * {@code HibernateEnhancedApp.java}) are compiled here, for Java 8 as every test application is,
 * against the jars of the library version the JDK runs, which the build copies into a directory
 * each (see the module's pom.xml), and the test applications' own classes ({@code Exchanges}).
 */
@ExtendWith(LabExtension.class)
class ByteBuddyApplicationsTest {
    private static final Path JARS = Path.of(System.getProperty("nicpin.coexist.jars", "target/coexist"));
    /** Mockito 5 needs Java 11; on 8, Mockito 4 with mockito-inline, whose mock maker is the same. */
    private static final String MOCKITO = "5.24.0";
    private static final String MOCKITO_FOR_JAVA_8 = "4.11.0";
    /** Hibernate 6 needs Java 11; on 8, Hibernate 5.6, whose enhancer is Byte Buddy's too. */
    private static final String HIBERNATE = "hibernate-6.6.56.Final";
    private static final String HIBERNATE_FOR_JAVA_8 = "hibernate-5.6.15.Final";
    /** What Hibernate 5.6 logs, through java.util.logging, as the enhancer starts: the date, then the version. */
    private static final Predicate<String> HIBERNATE_5_VERSION_LINE = line -> line.endsWith(" org.hibernate.Version logVersion")
            || line.equals("INFO: HHH000412: Hibernate ORM core version 5.6.15.Final");

    @TempDir
    static Path classes;
    /** The class path of each application and library version, once compiled. */
    private static final Map<String, String> compiled = new HashMap<>();

    /** Every configured JDK, each with the newest version of each library that runs on it. */
    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void connectionsStayPinnedAfterMockitoRetransformsClassesNicpinHooks(Jdk jdk, Lab lab) {
        String mockito = jdk.feature() >= 11 ? MOCKITO : MOCKITO_FOR_JAVA_8;
        String classpath = classpath("MockitoInlineApp", "mockito-" + mockito);
        Path rules = rules(lab);
        JvmRunner jvm = lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules));
        if (jdk.feature() >= 21) {
            // As Mockito's documentation asks from JDK 21 on, which warns of agents that attach themselves.
            jvm.jvmArgs("-javaagent:" + JARS.resolve("mockito-" + mockito).resolve("mockito-core-" + mockito + ".jar"));
        }

        Run run = run(lab, jvm, classpath, "MockitoInlineApp", String.valueOf(lab.udpPort()));

        String viaNic1 = viaNic1(lab).toString();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("final-class", "mocked");
        expected.put("spied-datagram-channel-send", "spy " + viaNic1);
        expected.put("spied-multicast-socket-send", "spy " + viaNic1);
        expected.put("mocked-net-socket-channel-connect", viaNic1);
        expected.put("mocked-net-intercepted", "connect");
        for (String path : List.of("socket-connect", "socket-channel-connect", "datagram-channel-send",
                "datagram-socket-send")) {
            expected.put(path, viaNic1);
        }
        run.assertAnswered(expected, List.of("tcp", "udp"));
        SharedStderr.assertNicpinOnlyStarted(run.process(), rules);
        assertEquals(List.of(), SharedStderr.others(run.process()).stream()
                .filter(line -> !line.equals(SharedStderr.CDS_OFF)).toList(), run::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anEntityEnhancedByHibernateIsManagedAndTheAppPinned(Jdk jdk, Lab lab) {
        String hibernate = jdk.feature() >= 11 ? HIBERNATE : HIBERNATE_FOR_JAVA_8;
        String classpath = classpath("HibernateEnhancedApp", hibernate);
        Path rules = rules(lab);

        Run run = run(lab, lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules)), classpath,
                "HibernateEnhancedApp");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("managed-entity", "true");
        expected.put("dirty-attributes", "[customer]");
        expected.put("tcp", viaNic1(lab).toString());
        run.assertAnswered(expected, List.of("tcp"));
        SharedStderr.assertNicpinOnlyStarted(run.process(), rules);
        assertEquals(List.of(), SharedStderr.others(run.process()).stream()
                .filter(HIBERNATE_5_VERSION_LINE.negate()).toList(), run::describe);
    }

    /** What an application printed, and the packets it sent to the service by each link. */
    private record Run(ProcessResult process, PacketCounters.Counts sent) {

        /**
         * It printed {@code expected}, and its packets of each protocol in {@code protocols} to the
         * service left by nic1 and none by nic0.
         */
        void assertAnswered(Map<String, String> expected, List<String> protocols) {
            assertEquals(0, process.exitCode(), this::describe);
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals(expected, AppOutput.byName(process.stdout())));
            for (String protocol : protocols) {
                long byNic1 = sent.packets("nic1", IpFamily.V4, protocol);
                long byNic0 = sent.packets("nic0", IpFamily.V4, protocol);
                checks.add(() -> assertTrue(byNic1 > 0, protocol + " packets to the service by nic1: expected some"));
                checks.add(() -> assertEquals(0, byNic0, protocol + " packets to the service by nic0: expected none"));
            }
            assertAll(describe(), checks);
        }

        String describe() {
            return process.describe() + "\npackets to the service by link: " + sent;
        }
    }

    /** The app {@code dev.nicpin.it.apps.NAME} with the service's address and TCP port, then {@code more}. */
    private static Run run(Lab lab, JvmRunner jvm, String classpath, String app, String... more) {
        List<String> args = new ArrayList<>(List.of(text(lab.serviceAddress(IpFamily.V4)), String.valueOf(lab.tcpPort())));
        args.addAll(List.of(more));
        PacketCounters.Counts before = lab.counters().read();
        ProcessResult process = jvm.runMain(classpath, "dev.nicpin.it.apps." + app, args.toArray(String[]::new));
        return new Run(process, lab.counters().read().minus(before));
    }

    private static Path rules(Lab lab) {
        return RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1");
    }

    private static Report viaNic1(Lab lab) {
        return new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1");
    }

    /** The app compiled against {@code library}'s jars (a directory the build copies them into) and the test apps. */
    private static synchronized String classpath(String app, String library) {
        return compiled.computeIfAbsent(app + " " + library, key -> {
            List<String> jars = new ArrayList<>(AppSources.copiedJars(JARS.resolve(library),
                    "the test of " + app + " needs " + library + "'s jars"));
            jars.add(TestApps.classpath());
            return AppSources.compile(classes.resolve(app + "-" + library), jars, app + ".java");
        });
    }
}
