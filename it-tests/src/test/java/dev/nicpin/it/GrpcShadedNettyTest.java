package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A gRPC client on grpc-netty-shaded, which connects through its own, shaded copy of Netty's
 * native epoll transport, calls a gRPC server in the lab's server namespace over each family:
 * its calls leave by nic1 under a rule that pins the service by device or by mark, by nic0 under
 * a rule for another destination only, and by nic0 without the agent. The server answers with the
 * caller's address, which the lab gives to one link only, and the lab's packet counters must have
 * seen the calls' packets on that link and no other. With the agent, it must have hooked the
 * shaded copy. With the shaded Netty's native transport turned off, gRPC falls back to Netty's
 * NIO transport, the JDK's channels, and a rule pins it as well.
 *
 * <p>The client and the server ({@code src/test/resources/dev/nicpin/it/apps/GrpcClient.java},
 * {@code GrpcSeenFromServer.java}, and the service they share, {@code GrpcSeenFrom.java}) are
 * compiled here, for Java 8 as every test application is, against the gRPC jars the build
 * copies into a directory of their own (see the module's pom.xml). The server runs on the test's
 * JDK for the whole class.
 */
@ExtendWith(LabExtension.class)
class GrpcShadedNettyTest {
    private static final String CLIENT = "dev.nicpin.it.apps.GrpcClient";
    private static final String SERVER = "dev.nicpin.it.apps.GrpcSeenFromServer";
    private static final List<String> SOURCES = List.of("GrpcSeenFrom.java", "GrpcSeenFromServer.java", "GrpcClient.java");
    /** Printed by the server once it listens (GrpcSeenFromServer.READY, which this module is not compiled against). */
    private static final String SERVER_READY = "grpc-seen-from-server ready";
    /** Where the build copied the gRPC jars (Surefire passes it). */
    private static final Path JARS = Path.of(System.getProperty("nicpin.grpc.jars", "target/grpc"));
    /** On the service addresses, beside the lab server's ports (lab.sh: 7000, 7001, 7080). */
    private static final int PORT = 7090;
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(20);
    /** The shaded copy's own switch to NIO: {@code io.netty.transport.noNative} does not reach it. */
    private static final String NO_NATIVE = "-Dio.grpc.netty.shaded.io.netty.transport.noNative=true";
    private static final String HOOKED_SHADED_COPY =
            "[nicpin] Netty's native transport: hooked io.grpc.netty.shaded.io.netty.channel.unix.Socket";

    @TempDir
    static Path classes;
    /** The apps' class path: their classes, then the gRPC jars. */
    private static String classpath;
    private static Process server;
    private static Path serverOutput;

    /** JDK 17 and 25: the shaded Netty is one copy whatever the JDK, and the JDK's own paths have tests of their own. */
    static List<Jdk> jdks() {
        return Jdk.configured().stream().filter(jdk -> List.of("17", "25").contains(jdk.name())).toList();
    }

    /** Each JDK under each rule file: the service pinned by device or by mark, or another destination only. */
    static Stream<Arguments> jdksAndRules() {
        List<Arguments> rules = List.of(Arguments.of(PinAction.DEV, RuleScope.SERVICE),
                Arguments.of(PinAction.MARK, RuleScope.SERVICE),
                Arguments.of(PinAction.DEV, RuleScope.OTHER_DESTINATION));
        return jdks().stream().flatMap(jdk -> rules.stream().map(rule -> Arguments.of(jdk, rule.get()[0], rule.get()[1])));
    }

    @BeforeAll
    static void startServer(Lab lab) throws IOException, InterruptedException {
        classpath = compile();
        serverOutput = Files.createTempFile("nicpin-grpc-server-", ".log");
        List<String> command = new ArrayList<>(List.of(Build.labScript().toString(), "exec", lab.name(), "server",
                Build.testJavaHome().resolve("bin/java").toString(), "-cp", classpath, SERVER));
        Stream.of(IpFamily.values()).map(family -> server(lab, family)).forEach(command::add);
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverOutput.toFile()).start();
        long deadline = System.nanoTime() + SERVER_START_TIMEOUT.toNanos();
        while (!Files.readString(serverOutput).contains(SERVER_READY)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the gRPC server did not get ready: " + Files.readString(serverOutput));
            }
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopServer() throws IOException, InterruptedException {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (serverOutput != null) {
            Files.deleteIfExists(serverOutput);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutTheAgentEachCallLeavesByTheDefaultRouteViaNic0(Jdk jdk, Lab lab) {
        Run run = run(lab, jdk);

        assertEachCallLeftBy(lab, run, "nic0");
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("jdksAndRules")
    void overNettysNativeEpollEachCallLeavesByTheLinkTheRulesChose(Jdk jdk, PinAction action, RuleScope scope,
                                                                    Lab lab) {
        Run run = run(lab, jdk, AgentJar.option("rules=" + rules(lab, action, scope)));

        assertEachCallLeftBy(lab, run, scope.pinsService() ? "nic1" : "nic0");
        assertTrue(run.process().stderr().contains(HOOKED_SHADED_COPY), run::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void overNettysNioTransportEachCallLeavesByNic1UnderARuleForTheService(Jdk jdk, Lab lab) {
        Run run = run(lab, jdk, NO_NATIVE, AgentJar.option("rules=" + rules(lab, PinAction.DEV, RuleScope.SERVICE)));

        assertEachCallLeftBy(lab, run, "nic1");
        // The shaded native transport never loaded: the calls went through the JDK's channels.
        assertFalse(run.process().stderr().contains(HOOKED_SHADED_COPY), run::describe);
    }

    /** What the client printed, and the packets it sent to the service by each link. */
    private record Run(ProcessResult process, PacketCounters.Counts sent) {
        String describe() {
            return process.describe() + "\npackets to the service by link: " + sent;
        }
    }

    /** One client JVM, which calls the server of each family in turn. */
    private static Run run(Lab lab, Jdk jdk, String... jvmArgs) {
        JvmRunner jvm = lab.clientJvm(jdk).jvmArgs(jvmArgs);
        String[] servers = Stream.of(IpFamily.values()).map(family -> server(lab, family)).toArray(String[]::new);
        PacketCounters.Counts before = lab.counters().read();
        ProcessResult process = jvm.runMain(classpath, CLIENT, servers);
        return new Run(process, lab.counters().read().minus(before));
    }

    private static Path rules(Lab lab, PinAction action, RuleScope scope) {
        return RuleFiles.write(Stream.of(IpFamily.values())
                .flatMap(family -> scope.ruleLines(lab.serviceAddress(family), action.words(lab, family)).stream())
                .toArray(String[]::new));
    }

    /** The gRPC server of a family as the apps take it: {@code HOST:PORT}, HOST a numeric address. */
    private static String server(Lab lab, IpFamily family) {
        return Report.text(lab.serviceAddress(family)) + ":" + PORT;
    }

    /**
     * Each call answered from {@code nic}'s address of its family, and the TCP packets to the
     * service of each family counted on {@code nic} only.
     */
    private static void assertEachCallLeftBy(Lab lab, Run run, String nic) {
        assertEquals(0, run.process().exitCode(), run::describe);
        Map<String, String> expected = new LinkedHashMap<>();
        for (IpFamily family : IpFamily.values()) {
            // As the server writes it: InetAddress.getHostAddress.
            expected.put(server(lab, family), "seen-from " + lab.clientAddress(nic, family).getHostAddress());
        }
        Map<String, String> answers = AppOutput.byName(run.process().stdout());

        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(expected, answers));
        String otherNic = nic.equals("nic0") ? "nic1" : "nic0";
        for (IpFamily family : IpFamily.values()) {
            String flows = family + " tcp packets to the service";
            long byNic = run.sent().packets(nic, family, "tcp");
            long byOtherNic = run.sent().packets(otherNic, family, "tcp");
            checks.add(() -> assertTrue(byNic > 0, flows + " by " + nic + ": expected some, found none"));
            checks.add(() -> assertEquals(0, byOtherNic, flows + " by " + otherNic + ": expected none"));
        }
        assertAll(run.describe(), checks);
    }

    /** Skips the test (fails it under CI) if the build did not copy the gRPC jars. */
    private static String compile() {
        return AppSources.compile(classes, AppSources.copiedJars(JARS, "the gRPC test needs gRPC's jars"),
                SOURCES.toArray(String[]::new));
    }
}
