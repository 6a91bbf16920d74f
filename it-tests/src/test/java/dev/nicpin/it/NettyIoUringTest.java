package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's io_uring transports, Netty 4.2's and the incubator's of Netty 4.1, which hand their
 * connects and sends to the kernel as io_uring submissions, past the JDK's sockets and past
 * the JNI calls of Netty's epoll transport, are pinned as the JDK's sockets are: a TCP connect,
 * a TCP fast-open connect (which starts with a sendmsg carrying the request, not a connect), a
 * connected UDP channel and an unconnected one sending one datagram, to the service of each
 * family, leave by nic1 under a rule that pins the service by device, by mark, or by source
 * address ({@code proto=tcp}, as the README advises: UDP is left to the OS), and by nic0 under a
 * rule for another destination only or a broad rule with the service carved out
 * ({@code direct}). Each flow's packets must have left by that link and no other, as the lab's
 * packet counters saw them. Without the agent, every flow leaves by nic0. The runs and checks
 * are NettyEpollTest's ({@link NettyClientRun}).
 *
 * <p>Each transport has an application of its own
 * ({@code src/test/resources/dev/nicpin/it/apps/IoUringClient.java} and
 * {@code IoUringIncubatorClient.java}: their classes and packages differ), compiled here, for
 * Java 8 as every test application is, against the transport's jars, which the build copies
 * into a directory of their own (see the module's pom.xml).
 */
@ExtendWith(LabExtension.class)
class NettyIoUringTest {
    /** Where the build copied each transport's jars, a directory per transport (Surefire passes it). */
    private static final Path JARS = Path.of(System.getProperty("nicpin.netty.jars", "target/netty"));
    /**
     * The clients' kinds of step (see IoUringClient): NettyClient's but the batch, which io_uring
     * sends as a sendmsg per datagram, as udpsend does, and Netty's NIO transport, which
     * NettyEpollTest covers.
     */
    private static final List<String> KINDS = List.of("tcp", "tcpfastopen", "udpconnect", "udpsend");

    @TempDir
    static Path classes;
    /** Each transport's app class path, once compiled against its jars. */
    private static final Map<Transport, String> classpaths = new EnumMap<>(Transport.class);

    /** A transport, its jars and its client. */
    enum Transport {
        /** {@code io.netty.channel.uring}, whose classes are Java 9's. */
        NETTY_4_2("io_uring 4.2.18", "io_uring-4.2.18.Final", "IoUringClient"),
        /** {@code io.netty.incubator.channel.uring}, on Netty 4.1.137. */
        INCUBATOR("io_uring incubator 0.0.26", "io_uring-incubator-0.0.26.Final", "IoUringIncubatorClient");

        private final String description;
        /** The directory under {@link #JARS}. */
        private final String jars;
        /** The simple name of the app's class in {@code dev.nicpin.it.apps}, and of its source. */
        private final String app;

        Transport(String description, String jars, String app) {
            this.description = description;
            this.jars = jars;
            this.app = app;
        }

        String mainClass() {
            return "dev.nicpin.it.apps." + app;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A JDK and a transport to run the client on. */
    record Client(Jdk jdk, Transport transport) {
        @Override
        public String toString() {
            return jdk + ", Netty " + transport;
        }
    }

    /**
     * Both transports on JDK 17 and 25, and the incubator, Netty 4.1's, on JDK 11 too, whose
     * encapsulation of the JDK's internals is the looser one of JDK 9 to 15; not on JDK 8, which
     * 4.2's io_uring does not run on, nor on every JDK, to keep the runs few: each client is six
     * runs.
     */
    static List<Client> clients() {
        List<Client> clients = new ArrayList<>();
        for (Jdk jdk : Jdk.configured()) {
            for (Transport transport : Transport.values()) {
                if (List.of("17", "25").contains(jdk.name())
                        || transport == Transport.INCUBATOR && jdk.name().equals("11")) {
                    clients.add(new Client(jdk, transport));
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

    /**
     * What io_uring queued leaves with its socket's options as they are when the kernel runs it,
     * so an unconnected datagram socket keeps the rule of its first datagram: here the service's
     * UDP port is pinned, and a second datagram on the same channel, to the next port, which no
     * rule pins, is refused before anything of it is sent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void anUnconnectedDatagramSocketKeepsTheRuleOfItsFirstDatagram(Client client, Lab lab) {
        Path rules = NettyClientRun.serviceUdpPortToNic1(lab);

        NettyClientRun run = NettyClientRun.of(lab, lab.clientJvm(client.jdk()).jvmArgs(AgentJar.option("rules=" + rules)),
                classpath(client.transport()), client.transport().mainClass(), List.of("udpmixed"));

        assertEquals(0, run.process().exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.process().stdout());
        assertEquals(2, lines.size(), run::describe);
        for (int i = 0; i < lines.size(); i++) {
            AppOutput.Line line = lines.get(i);
            IpFamily family = run.steps().get(i).family();
            String[] sends = line.outcome().split("; then " + (lab.udpPort() + 1) + ": ", 2);
            assertEquals(2, sends.length, line::text);
            assertEquals(new Report(lab.clientAddress("nic1", family), "nic1"), Report.parse(sends[0]), line::text);
            Refusals.assertRefused(sends[1], "nicpin: io_uring sends what a datagram socket queued", run::describe);
        }
        for (IpFamily family : IpFamily.values()) {
            assertEquals(0, run.sent().packets("nic0", family, "udp"), () -> family + ": nothing by nic0\n" + run.describe());
        }
    }

    /** Under {@code onError=warn} the second datagram goes as the socket is: by nic1 too; said once per rule. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void underWarnADatagramForAnotherRuleGoesAsTheSocketIs(Client client, Lab lab) {
        Path rules = NettyClientRun.serviceUdpPortToNic1(lab);

        NettyClientRun run = NettyClientRun.of(lab,
                lab.clientJvm(client.jdk()).jvmArgs(AgentJar.option("rules=" + rules + ",onError=warn")),
                classpath(client.transport()), client.transport().mainClass(), List.of("udpmixed"));

        assertEquals(0, run.process().exitCode(), run::describe);
        for (AppOutput.Line line : AppOutput.parse(run.process().stdout())) {
            assertTrue(line.outcome().endsWith("; then " + (lab.udpPort() + 1) + ": sent"), line::text);
        }
        for (IpFamily family : IpFamily.values()) {
            assertEquals(2, run.sent().packets("nic1", family, "udp"), () -> family + "\n" + run.describe());
            assertEquals(0, run.sent().packets("nic0", family, "udp"), () -> family + "\n" + run.describe());
        }
        assertEquals(IpFamily.values().length, run.process().stderrLines().stream()
                .filter(line -> line.startsWith("[nicpin] WARN io_uring sends what a datagram socket queued")).count(),
                run::describe);
    }

    private static NettyClientRun run(Lab lab, Client client, String... jvmArgs) {
        JvmRunner jvm = lab.clientJvm(client.jdk()).jvmArgs(jvmArgs);
        Transport transport = client.transport();
        return NettyClientRun.of(lab, jvm, classpath(transport), transport.mainClass(), KINDS);
    }

    /** The transport's app class path: its app compiled against its jars, then the jars. */
    private static synchronized String classpath(Transport transport) {
        return classpaths.computeIfAbsent(transport, NettyIoUringTest::compile);
    }

    /** Skips the test (fails it under CI) if the build did not copy the transport's jars. */
    private static String compile(Transport transport) {
        List<String> jars = AppSources.copiedJars(JARS.resolve(transport.jars),
                "the io_uring test needs Netty " + transport + "'s jars");
        return AppSources.compile(classes.resolve(transport.jars), jars, transport.app + ".java", "NettySteps.java");
    }
}
