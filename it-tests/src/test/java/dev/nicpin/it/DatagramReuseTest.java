package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.lab.Report;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A datagram socket that is reused, sending to several destinations or connected anew, has
 * each datagram pinned by the rule for that datagram's destination and keeps nothing from an
 * earlier rule. The unpinned destination is the server's nic0 address ({@link ServerNic0}):
 * by itself it leaves by nic0, but a device or mark left over from the service's rule sends it
 * by nic1, so the server's report of each datagram tells.
 */
@ExtendWith(LabExtension.class)
class DatagramReuseTest {

    static Stream<Arguments> jdksAndFamilies() {
        return Jdk.configured().stream()
                .flatMap(jdk -> Stream.of(IpFamily.values()).map(family -> Arguments.of(jdk, family)));
    }

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    /** Each datagram path of the demo app keeps one socket for all hosts; its other paths open fresh ones. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndFamilies")
    void everyDemoPathGoesPinnedUnpinnedPinnedEachByItsOwnRule(Jdk jdk, IpFamily family, Lab lab) {
        // A device for IPv4 and a mark for IPv6: each kind of option must be cleared for the unpinned datagram.
        Path rules = RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " mark=0x10");
        String pinned = text(lab.serviceAddress(family));
        String unpinned = text(ServerNic0.address(lab, family));

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules))
                .runJar(Build.demoJar(), pinned, unpinned, pinned);

        assertEquals(0, run.exitCode(), run::describe);
        List<DemoOutput.Line> lines = DemoOutput.parse(run.stdout());
        assertEquals(3 * DemoOutput.PATHS.size(), lines.size(), run::describe);
        Map<String, Integer> ports = Map.of("tcp", lab.tcpPort(), "udp", lab.udpPort(), "http", lab.httpPort());
        assertAll(lines.stream().map(line -> () -> {
            boolean toPinned = line.destination().equals(DemoOutput.destination(pinned, ports.get(line.transport())));
            ExpectedOutcome.onJdk(jdk, line.path(), ExpectedOutcome.answered(expected(lab, family, toPinned)))
                    .check(line, run::stderr);
        }));
    }

    /** One datagram channel per family, connecting and sending in turn to the pinned and the unpinned destination. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDatagramChannelConnectedAnewOrSendingElsewhereKeepsNothingFromAnEarlierRule(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " mark=0x10");
        String pinned4 = text(lab.serviceAddress(IpFamily.V4));
        String unpinned4 = text(ServerNic0.address(lab, IpFamily.V4));
        String pinned6 = text(lab.serviceAddress(IpFamily.V6));
        String unpinned6 = text(ServerNic0.address(lab, IpFamily.V6));
        List<String> steps = List.of(
                "connect:" + pinned4, "connect:" + unpinned4, "connect:" + pinned4,
                "send:" + unpinned4, "send:" + pinned4, "connect:" + unpinned4, "send:" + pinned4, "new",
                // On Linux 6.18, with or without nicpin, an IPv6 socket once connected and disconnected gets
                // no answer to unconnected datagrams to any address but its last peer: the sends come first.
                "send:" + pinned6, "send:" + unpinned6, "send:" + pinned6,
                "connect:" + unpinned6, "connect:" + pinned6, "connect:" + unpinned6);

        ProcessResult run = runSteps(jdk, lab, rules, steps);

        assertEachStepLeftByItsRule(lab, steps, run, "");
    }

    /**
     * A dual-stack channel sending to a pinned IPv4 destination, then to unpinned IPv6 and IPv4
     * ones (and the same with the families swapped): the device chosen for the first datagram
     * must not carry over to the third.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDualStackChannelSendingToBothFamiliesKeepsNoDeviceFromAnEarlierRule(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " dev=nic1");
        String pinned4 = text(lab.serviceAddress(IpFamily.V4));
        String pinned6 = text(lab.serviceAddress(IpFamily.V6));
        String unpinned4 = text(ServerNic0.address(lab, IpFamily.V4));
        String unpinned6 = text(ServerNic0.address(lab, IpFamily.V6));
        List<String> steps = List.of("send:" + pinned4, "send:" + unpinned6, "send:" + unpinned4,
                "send:" + pinned6, "send:" + unpinned4, "send:" + unpinned6);

        ProcessResult run = runSteps(jdk, lab, rules, steps);

        assertEachStepLeftByItsRule(lab, steps, run, "a datagram no rule pins that left by nic1 kept the"
                + " IP_UNICAST_IF / IPV6_UNICAST_IF of an earlier rule for its family, which a datagram of the"
                + " other family in between did not clear");
    }

    /**
     * {@code DatagramSocket.connect} on a connected socket, which disconnects nothing first, from
     * the pinned destination to the unpinned one and the other way round: the datagrams then leave
     * by the rule of the new destination all the same, from that interface's address.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDatagramSocketConnectedElsewhereWithoutDisconnectingLeavesByTheNewRule(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " mark=0x10");
        String pinned4 = text(lab.serviceAddress(IpFamily.V4));
        String pinned6 = text(lab.serviceAddress(IpFamily.V6));
        String unpinned4 = text(ServerNic0.address(lab, IpFamily.V4));
        String unpinned6 = text(ServerNic0.address(lab, IpFamily.V6));
        List<String> steps = List.of("reconnect:" + pinned4, "reconnect:" + unpinned4, "reconnect:" + pinned4, "new",
                "reconnect:" + unpinned4, "reconnect:" + pinned4, "new",
                "reconnect:" + pinned6, "reconnect:" + unpinned6, "new",
                "reconnect:" + unpinned6, "reconnect:" + pinned6);

        ProcessResult run = runSteps(jdk, lab, rules, steps);

        assertEachStepLeftByItsRule(lab, steps, run, "a datagram from the other interface's address kept the source"
                + " address of the socket's first connect, which the kernel keeps when a socket is connected again"
                + " without a disconnect: unpinned, nic1's address is routed by nic1 (ip rule from); pinned, nic0's"
                + " address leaves by nic1, where a strict upstream drops it. Setting or clearing the device or mark"
                + " is not enough");
    }

    private static ProcessResult runSteps(Jdk jdk, Lab lab, Path rules, List<String> steps) {
        return TestApps.socketSteps(lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules)),
                lab, steps);
    }

    /**
     * Every step but {@code new} answered, by the interface of its own rule: nic1 for the service,
     * nic0 for anything else.
     * @param why what a failure means, when that is known
     */
    private static void assertEachStepLeftByItsRule(Lab lab, List<String> steps, ProcessResult run, String why) {
        assertEquals(0, run.exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.stdout());
        assertEquals(TestApps.printed(steps), lines.stream().map(AppOutput.Line::name).toList(), run::describe);
        assertAll(lines.stream().map(line -> () -> assertEquals(expected(lab, line.name()), line.report(),
                () -> line.name() + " must leave by its own rule, whatever the steps before it (" + steps + ")"
                        + (why.isEmpty() ? "" : "; " + why) + "\n" + run.describe())));
    }

    /** For a step {@code KIND:HOST}: nic1 if HOST is the service, which the rules pin, nic0 otherwise. */
    private static Report expected(Lab lab, String step) {
        InetAddress host;
        try {
            host = InetAddress.getByName(step.substring(step.indexOf(':') + 1));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(step, e);
        }
        IpFamily family = host instanceof Inet4Address ? IpFamily.V4 : IpFamily.V6;
        return expected(lab, family, host.equals(lab.serviceAddress(family)));
    }

    private static Report expected(Lab lab, IpFamily family, boolean pinned) {
        String nic = pinned ? "nic1" : "nic0";
        return new Report(lab.clientAddress(nic, family), nic);
    }
}
