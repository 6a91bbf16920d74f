package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's native epoll transport, which connects and sends through its own JNI library and not
 * the JDK's sockets, is pinned as the JDK's sockets are: a TCP connect, a TCP fast-open connect
 * (which Netty 4.1.60 and later start with sendto, not connect), a connected UDP channel, an
 * unconnected one sending one datagram and then a batch of three (sendmmsg), and for comparison
 * a TCP connect and a datagram through Netty's NIO transport, over the JDK's channels, to the
 * service of each family, leave by nic1 under a rule that pins the service by device, by
 * mark, or by source address ({@code proto=tcp}, as the README advises: UDP is left to the OS),
 * and by nic0 under a rule for another destination only or a broad rule with the service carved
 * out ({@code direct}). Each flow's packets must have left by that link and no other, as the
 * lab's packet counters saw them. Without the agent, every flow leaves by nic0.
 *
 * <p>The application ({@code src/test/resources/dev/nicpin/it/apps/NettyClient.java}) is compiled
 * here, for Java 8 as every test application is, against each Netty version's jars, which the
 * build copies into a directory per version (see the module's pom.xml): versions of one library
 * cannot share a class path.
 *
 * <p>Each run takes every step, for both families, between two readings of the counters: the
 * runs take turns.
 */
@ExtendWith(LabExtension.class)
class NettyEpollTest {
    private static final String APP = "dev.nicpin.it.apps.NettyClient";
    /**
     * 4.1.59, the last before the fast-open overloads of Socket.sendTo and friends (4.1.60), and
     * before netty-transport-classes-epoll; then the newest 4.1 and 4.2 that Maven Central has
     * the native jar of.
     */
    private static final List<String> VERSIONS = List.of("4.1.59.Final", "4.1.137.Final", "4.2.18.Final");
    /** Where the build copied each version's jars, a directory per version (Surefire passes it). */
    private static final Path JARS = Path.of(System.getProperty("nicpin.netty.jars", "target/netty"));
    /** The client's kinds of step (see NettyClient). */
    private static final List<String> KINDS =
            List.of("tcp", "tcpfastopen", "udpconnect", "udpsend", "udpbatch", "niotcp", "nioudpsend");

    @TempDir
    static Path classes;
    /** The app's class path by Netty version, once compiled against it. */
    private static final Map<String, String> classpaths = new HashMap<>();

    /** A JDK and a Netty version to run the client on. */
    record Client(Jdk jdk, String nettyVersion) {
        @Override
        public String toString() {
            return jdk + ", Netty " + nettyVersion;
        }
    }

    /**
     * Every version on JDK 17 and 25, and the 4.1 versions on JDK 8 and 11 too; not 4.2, although
     * it runs there (its classes are Java 8's), to keep the runs few: each client is six runs.
     */
    static List<Client> clients() {
        List<Client> clients = new ArrayList<>();
        for (Jdk jdk : Jdk.configured()) {
            for (String version : VERSIONS) {
                if (List.of("17", "25").contains(jdk.name())
                        || version.startsWith("4.1.") && List.of("8", "11").contains(jdk.name())) {
                    clients.add(new Client(jdk, version));
                }
            }
        }
        return clients;
    }

    /** Each client under each rule file: the service pinned by device, mark or source; or left to the OS two ways. */
    static Stream<Arguments> clientsAndRules() {
        List<Arguments> rules = List.of(Arguments.of(PinAction.DEV, RuleScope.SERVICE),
                Arguments.of(PinAction.MARK, RuleScope.SERVICE),
                Arguments.of(PinAction.SRC_TCP, RuleScope.SERVICE),
                Arguments.of(PinAction.DEV, RuleScope.OTHER_DESTINATION),
                Arguments.of(PinAction.DEV, RuleScope.CARVED_OUT));
        return clients().stream().flatMap(client -> rules.stream()
                .map(rule -> Arguments.of(client, rule.get()[0], rule.get()[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void withoutTheAgentEveryFlowLeavesByTheDefaultRouteViaNic0(Client client, Lab lab) {
        Run run = run(lab, client);

        assertEachFlowLeftBy(lab, run, protocol -> "nic0");
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("clientsAndRules")
    void everyFlowLeavesByTheLinkTheRulesChose(Client client, PinAction action, RuleScope scope, Lab lab) {
        Path rules = RuleFiles.write(Stream.of(IpFamily.values())
                .flatMap(family -> scope.ruleLines(lab.serviceAddress(family), action.words(lab, family)).stream())
                .toArray(String[]::new));

        Run run = run(lab, client, AgentJar.option("rules=" + rules));

        assertEachFlowLeftBy(lab, run,
                protocol -> scope.pinsService() && action.appliesTo(protocol) ? "nic1" : "nic0");
    }

    /** One step of the client's: a kind of flow to the service of a family. */
    private record Step(String kind, IpFamily family) {
        static final List<Step> ALL = Stream.of(IpFamily.values())
                .flatMap(family -> KINDS.stream().map(kind -> new Step(kind, family)))
                .toList();

        String protocol() {
            return kind.contains("udp") ? "udp" : "tcp";
        }

        /** As the client takes it: {@code KIND:HOST:PORT}. */
        String argument(Lab lab) {
            int port = protocol().equals("udp") ? lab.udpPort() : lab.tcpPort();
            return kind + ":" + Report.text(lab.serviceAddress(family)) + ":" + port;
        }
    }

    /** What the client printed, and the packets it sent to the service by each link. */
    private record Run(ProcessResult process, PacketCounters.Counts sent) {
        String describe() {
            return process.describe() + "\npackets to the service by link: " + sent;
        }
    }

    private static Run run(Lab lab, Client client, String... jvmArgs) {
        String classpath = classpath(client.nettyVersion());
        JvmRunner jvm = lab.clientJvm(client.jdk()).jvmArgs(jvmArgs);
        String[] steps = Step.ALL.stream().map(step -> step.argument(lab)).toArray(String[]::new);
        PacketCounters.Counts before = lab.counters().read();
        ProcessResult process = jvm.runMain(classpath, APP, steps);
        return new Run(process, lab.counters().read().minus(before));
    }

    /**
     * Each step answered through the link {@code nicByProtocol} gives its protocol, and the
     * packets to the service of each family and protocol counted on that link only.
     */
    private static void assertEachFlowLeftBy(Lab lab, Run run, Function<String, String> nicByProtocol) {
        assertEquals(0, run.process().exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.process().stdout());
        assertEquals(Step.ALL.stream().map(step -> step.argument(lab)).toList(),
                lines.stream().map(AppOutput.Line::name).toList(), run::describe);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            AppOutput.Line line = lines.get(i);
            Step step = Step.ALL.get(i);
            String nic = nicByProtocol.apply(step.protocol());
            Report expected = new Report(lab.clientAddress(nic, step.family()), nic);
            checks.add(() -> assertEquals(expected, line.report(), line.text()));
        }
        for (IpFamily family : IpFamily.values()) {
            for (String protocol : List.of("tcp", "udp")) {
                String nic = nicByProtocol.apply(protocol);
                String otherNic = nic.equals("nic0") ? "nic1" : "nic0";
                String flows = family + " " + protocol + " packets to the service";
                long byNic = run.sent().packets(nic, family, protocol);
                long byOtherNic = run.sent().packets(otherNic, family, protocol);
                checks.add(() -> assertTrue(byNic > 0, flows + " by " + nic + ": expected some, found none"));
                checks.add(() -> assertEquals(0, byOtherNic, flows + " by " + otherNic + ": expected none"));
            }
        }
        assertAll(run.describe(), checks);
    }

    /** The app's class path for a Netty version: compiled against that version's jars, then the jars. */
    private static synchronized String classpath(String version) {
        String compiled = classpaths.get(version);
        if (compiled == null) {
            compiled = compile(version);
            classpaths.put(version, compiled);
        }
        return compiled;
    }

    /** Skips the test (fails it under CI) if the build did not copy the version's jars. */
    private static String compile(String version) {
        Path directory = JARS.resolve(version);
        List<String> jars = AppSources.jarsIn(directory);
        if (jars.isEmpty()) {
            Prerequisites.unmet("the Netty test needs Netty " + version + "'s jars in " + directory.toAbsolutePath()
                    + ", where the build copies them (it-tests/pom.xml)");
        }
        return AppSources.compile(classes.resolve(version), jars, "NettyClient.java");
    }
}
