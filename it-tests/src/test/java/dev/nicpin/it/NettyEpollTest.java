package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
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

    /** A rule that cannot be applied (no such device) under onError=fail: every step fails, and nothing is sent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aRuleThatCannotBeAppliedFailsEveryFlowAndSendsNothing(Client client, Lab lab) {
        Path rules = RuleFiles.write(Stream.of(IpFamily.values())
                .map(family -> Report.text(lab.serviceAddress(family)) + " dev=nic9")
                .toArray(String[]::new));

        NettyClientRun run = run(lab, client, AgentJar.option("rules=" + rules));

        assertEquals(0, run.process().exitCode(), run::describe);
        for (AppOutput.Line line : AppOutput.parse(run.process().stdout())) {
            Refusals.assertRefused(line.outcome(), "nicpin: " + rules + ":", run::describe);
        }
        assertEquals(0, run.sent().byCounter().values().stream().mapToLong(Long::longValue).sum(), run::describe);
    }

    /** mode=audit: every flow leaves by nic0, as without the agent, and each decision is logged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void inAuditModeEveryFlowLeavesByTheDefaultRouteAndEachDecisionIsLogged(Client client, Lab lab) {
        Path rules = NettyClientRun.rules(lab, PinAction.DEV, RuleScope.SERVICE);

        NettyClientRun run = run(lab, client, AgentJar.option("rules=" + rules + ",mode=audit"));

        run.assertEachFlowLeftBy(lab, protocol -> "nic0");
        long decisions = run.process().stderrLines().stream().filter(line -> line.startsWith("[nicpin] audit: ")).count();
        assertTrue(decisions >= run.steps().size(), () -> "a decision logged per step at least\n" + run.describe());
    }

    /**
     * Datagrams flushed together leave in one sendmmsg, with one value of each socket option for
     * all: nicpin cuts the batch where the rule changes. The service's UDP port is pinned and the
     * next port is not: of five datagrams alternating between them, the three to the service
     * leave by nic1 and the two to the next port by nic0.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aBatchOfDatagramsForTwoRulesIsCutWhereTheRuleChanges(Client client, Lab lab) {
        Path rules = NettyClientRun.serviceUdpPortToNic1(lab);

        NettyClientRun run = NettyClientRun.of(lab, lab.clientJvm(client.jdk()).jvmArgs(AgentJar.option("rules=" + rules)),
                classpath(client.nettyVersion()), APP, List.of("udpbatchmixed"));

        run.assertEachAnsweredBy(lab, "nic1");
        for (IpFamily family : IpFamily.values()) {
            assertEquals(3, run.sent().packets("nic1", family, "udp"), () -> family + ": to the service\n" + run.describe());
            assertEquals(2, run.sent().packets("nic0", family, "udp"), () -> family + ": to the next port\n" + run.describe());
        }
    }

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
        return NettyClientRun.underEachRuleFile(clients());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void withoutTheAgentEveryFlowLeavesByTheDefaultRouteViaNic0(Client client, Lab lab) {
        NettyClientRun run = run(lab, client);

        run.assertEachFlowLeftBy(lab, protocol -> "nic0");
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("clientsAndRules")
    void everyFlowLeavesByTheLinkTheRulesChose(Client client, PinAction action, RuleScope scope, Lab lab) {
        Path rules = NettyClientRun.rules(lab, action, scope);

        NettyClientRun run = run(lab, client, AgentJar.option("rules=" + rules));

        run.assertEachFlowLeftBy(lab, protocol -> scope.pinsService() && action.appliesTo(protocol) ? "nic1" : "nic0");
    }

    private static NettyClientRun run(Lab lab, Client client, String... jvmArgs) {
        JvmRunner jvm = lab.clientJvm(client.jdk()).jvmArgs(jvmArgs);
        return NettyClientRun.of(lab, jvm, classpath(client.nettyVersion()), APP, KINDS);
    }

    /** The app's class path for a Netty version: compiled against that version's jars, then the jars. */
    static synchronized String classpath(String version) {
        String compiled = classpaths.get(version);
        if (compiled == null) {
            compiled = compile(version);
            classpaths.put(version, compiled);
        }
        return compiled;
    }

    /** Skips the test (fails it under CI) if the build did not copy the version's jars. */
    private static String compile(String version) {
        List<String> jars = AppSources.copiedJars(JARS.resolve(version), "the Netty test needs Netty " + version + "'s jars");
        try {
            return AppSources.compile(Files.createTempDirectory("nicpin-it-netty-"), jars, "NettyClient.java",
                    "NettySteps.java");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
