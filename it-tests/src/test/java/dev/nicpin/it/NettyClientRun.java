package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One run of a Netty test client (NettyClient, IoUringClient, IoUringIncubatorClient), which
 * takes every step it is given, each a kind of flow to the service of a family
 * ({@code KIND:HOST:PORT}), and prints a line {@code STEP OUTCOME} for each: what it printed,
 * and the packets it sent to the service by each link, read from the lab's counters before and
 * after. The tests of Netty's native transports share it.
 *
 * @param steps as the client took them
 */
record NettyClientRun(List<Step> steps, ProcessResult process, PacketCounters.Counts sent) {

    /** One step of the client's: a kind of flow to the service of a family. */
    record Step(String kind, IpFamily family) {
        String protocol() {
            return kind.contains("udp") ? "udp" : "tcp";
        }

        /** As the client takes it: {@code KIND:HOST:PORT}. */
        String argument(Lab lab) {
            int port = protocol().equals("udp") ? lab.udpPort() : lab.tcpPort();
            return kind + ":" + Report.text(lab.serviceAddress(family)) + ":" + port;
        }
    }

    /** Runs {@code app} once, taking each kind of step for each family. */
    static NettyClientRun of(Lab lab, JvmRunner jvm, String classpath, String app, List<String> kinds) {
        List<Step> steps = Stream.of(IpFamily.values())
                .flatMap(family -> kinds.stream().map(kind -> new Step(kind, family)))
                .toList();
        String[] arguments = steps.stream().map(step -> step.argument(lab)).toArray(String[]::new);
        PacketCounters.Counts before = lab.counters().read();
        ProcessResult process = jvm.runMain(classpath, app, arguments);
        return new NettyClientRun(steps, process, lab.counters().read().minus(before));
    }

    /** Each client under each rule file: the service pinned by device, mark or source; or left to the OS two ways. */
    static Stream<Arguments> underEachRuleFile(List<?> clients) {
        List<Arguments> rules = List.of(Arguments.of(PinAction.DEV, RuleScope.SERVICE),
                Arguments.of(PinAction.MARK, RuleScope.SERVICE),
                Arguments.of(PinAction.SRC_TCP, RuleScope.SERVICE),
                Arguments.of(PinAction.DEV, RuleScope.OTHER_DESTINATION),
                Arguments.of(PinAction.DEV, RuleScope.CARVED_OUT));
        return clients.stream().flatMap(client -> rules.stream()
                .map(rule -> Arguments.of(client, rule.get()[0], rule.get()[1])));
    }

    /** A rule file with {@code scope}'s lines for the service of each family. */
    static Path rules(Lab lab, PinAction action, RuleScope scope) {
        return RuleFiles.write(Stream.of(IpFamily.values())
                .flatMap(family -> scope.ruleLines(lab.serviceAddress(family), action.words(lab, family)).stream())
                .toArray(String[]::new));
    }

    /** A rule file that pins the service's UDP port, of each family, to nic1: the next port is left to the OS. */
    static Path serviceUdpPortToNic1(Lab lab) {
        return RuleFiles.write(Stream.of(IpFamily.values())
                .map(family -> Report.text(lab.serviceAddress(family)) + " port=" + lab.udpPort() + " dev=nic1")
                .toArray(String[]::new));
    }

    String describe() {
        return process.describe() + "\npackets to the service by link: " + sent;
    }

    /** The client exited cleanly, taking each step, and each step's answer came through {@code nic}. */
    void assertEachAnsweredBy(Lab lab, String nic) {
        assertEquals(0, process.exitCode(), this::describe);
        List<AppOutput.Line> lines = AppOutput.parse(process.stdout());
        assertEquals(steps.size(), lines.size(), this::describe);
        for (int i = 0; i < lines.size(); i++) {
            AppOutput.Line line = lines.get(i);
            assertEquals(new Report(lab.clientAddress(nic, steps.get(i).family()), nic), line.report(), this::describe);
        }
    }

    /**
     * Each step answered through the link {@code nicByProtocol} gives its protocol, and the
     * packets to the service of each family and protocol counted on that link only.
     */
    void assertEachFlowLeftBy(Lab lab, Function<String, String> nicByProtocol) {
        assertEquals(0, process.exitCode(), this::describe);
        List<AppOutput.Line> lines = AppOutput.parse(process.stdout());
        assertEquals(steps.stream().map(step -> step.argument(lab)).toList(),
                lines.stream().map(AppOutput.Line::name).toList(), this::describe);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            AppOutput.Line line = lines.get(i);
            Step step = steps.get(i);
            String nic = nicByProtocol.apply(step.protocol());
            Report expected = new Report(lab.clientAddress(nic, step.family()), nic);
            checks.add(() -> assertEquals(expected, line.report(), line.text()));
        }
        for (IpFamily family : IpFamily.values()) {
            for (String protocol : List.of("tcp", "udp")) {
                String nic = nicByProtocol.apply(protocol);
                String otherNic = nic.equals("nic0") ? "nic1" : "nic0";
                String flows = family + " " + protocol + " packets to the service";
                long byNic = sent.packets(nic, family, protocol);
                long byOtherNic = sent.packets(otherNic, family, protocol);
                checks.add(() -> assertTrue(byNic > 0, flows + " by " + nic + ": expected some, found none"));
                checks.add(() -> assertEquals(0, byOtherNic, flows + " by " + otherNic + ": expected none"));
            }
        }
        assertAll(describe(), checks);
    }
}
