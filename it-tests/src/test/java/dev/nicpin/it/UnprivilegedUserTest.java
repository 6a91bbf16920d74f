package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static dev.nicpin.it.ExpectedOutcome.refused;
import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client JVM as a service account runs it: an unprivileged user without any capability.
 * {@code dev=} still pins TCP connects and connected datagrams (a socket's first device needs
 * no privilege on Linux 5.7+) and unconnected datagrams ({@code IP_UNICAST_IF} needs none);
 * {@code mark=} cannot be set, so under {@code onError=fail} the connect or send throws before
 * anything is sent, naming the rule, the option and the privilege it needs.
 */
@ExtendWith(LabExtension.class)
class UnprivilegedUserTest {

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDevicePinsWithoutPrivilegeAndAMarkFailsSayingWhatItNeeds(Jdk jdk, Lab lab) {
        String pinned = text(lab.serviceAddress(IpFamily.V4));
        String marked = text(ServerNic0.address(lab, IpFamily.V4));
        Path rules = RuleFiles.write(pinned + " dev=nic1", marked + " mark=0x10");

        // Pinned, marked, pinned: the datagram paths' one socket goes through both rules and back.
        ProcessResult run = lab.clientJvm(jdk)
                .asUnprivilegedUser()
                .jvmArgs(AgentJar.option("rules=" + rules))
                .runJar(Build.demoJar(), pinned, marked, pinned);

        assertEquals(1, run.exitCode(), () -> "the marked exchanges fail, so the demo app exits 1\n" + run.describe());
        List<DemoOutput.Line> lines = DemoOutput.parse(run.stdout());
        assertEquals(3 * DemoOutput.PATHS.size(), lines.size(), run::describe);
        String problem = rules + ":2 mark=0x10: setsockopt(SO_MARK): Operation not permitted (needs CAP_NET_ADMIN)";
        ExpectedOutcome refused = refused("nicpin: " + problem, "");
        ExpectedOutcome viaNic1 = answered(new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1"));
        Map<String, Integer> ports = Map.of("tcp", lab.tcpPort(), "udp", lab.udpPort(), "http", lab.httpPort());
        assertAll(lines.stream().map(line -> () -> {
            boolean toPinned = line.destination().equals(DemoOutput.destination(pinned, ports.get(line.transport())));
            ExpectedOutcome.onJdk(jdk, line.path(), toPinned ? viaNic1 : refused).check(line, run::stderr);
        }));
        assertEquals(1, run.stderrLines().stream().filter(line -> line.startsWith("[nicpin] ERROR " + problem)).count(),
                () -> "the problem is logged once, however many connections it hits\n" + run.stderr());
    }

    /**
     * Without CAP_NET_RAW a socket's device can be set but not changed. A datagram channel that
     * disconnects in between (the kernel then unbinds it) or sends unconnected goes from pinned to
     * unpinned and back all the same; a DatagramSocket connected elsewhere without a disconnect
     * must not silently keep the old device: it leaves by nic0, or fails naming the privilege.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDatagramSocketLeavesItsDeviceWithoutPrivilegeOrFailsSayingWhatItNeeds(Jdk jdk, Lab lab) {
        String pinned = text(lab.serviceAddress(IpFamily.V4));
        String unpinned = text(ServerNic0.address(lab, IpFamily.V4));
        Path rules = RuleFiles.write(pinned + " dev=nic1");
        List<String> steps = List.of("connect:" + pinned, "connect:" + unpinned, "connect:" + pinned, "new",
                "send:" + pinned, "send:" + unpinned, "send:" + pinned, "new",
                "reconnect:" + pinned, "reconnect:" + unpinned, "reconnect:" + pinned);

        ProcessResult run = TestApps.socketSteps(lab.clientJvm(jdk)
                .asUnprivilegedUser()
                .jvmArgs(AgentJar.option("rules=" + rules)), lab, steps);

        assertEquals(0, run.exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.stdout());
        assertEquals(TestApps.printed(steps), lines.stream().map(AppOutput.Line::name).toList(), run::describe);
        Report viaNic0 = new Report(lab.clientAddress("nic0", IpFamily.V4), "nic0");
        Report viaNic1 = new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1");
        assertAll(lines.stream().map(line -> () -> {
            if (line.name().endsWith(pinned)) {
                assertEquals(viaNic1, line.report(), () -> line.text() + "\n" + run.stderr());
            } else if (line.name().startsWith("reconnect:") && line.outcome().startsWith("FAILED: ")) {
                Refusals.assertRefused(line.outcome(), "nicpin: no rule: clearing SO_BINDTOIFINDEX left by an"
                        + " earlier rule: setsockopt(SO_BINDTOIFINDEX): Operation not permitted (needs CAP_NET_RAW",
                        run::describe);
            } else {
                assertEquals(viaNic0, line.report(), () -> line.text() + "\n" + run.stderr());
            }
        }));
    }
}
