package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.lab.Report;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mode=audit}: nicpin decides as it would, and logs one line per connect or send naming
 * the rule that won (or none), but applies nothing, so everything leaves by the OS's choice,
 * nic0, even where the rule names a device or a mark.
 */
@ExtendWith(LabExtension.class)
class AuditModeTest {
    private static final Pattern AUDIT = Pattern.compile("\\[nicpin] audit: (tcp|udp) (connect|send) (\\S+) -> (.+)");

    static Stream<Arguments> jdksAndFamilies() {
        return Jdk.configured().stream()
                .flatMap(jdk -> Stream.of(IpFamily.values()).map(family -> Arguments.of(jdk, family)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndFamilies")
    void everyDecisionIsLoggedWithItsRuleAndNothingIsApplied(Jdk jdk, IpFamily family, Lab lab) {
        String service4 = text(lab.serviceAddress(IpFamily.V4));
        String service6 = text(lab.serviceAddress(IpFamily.V6));
        String other6 = text(ServerNic0.address(lab, IpFamily.V6));
        Path rules = RuleFiles.write(service4 + " dev=nic1", service6 + " mark=0x10", other6 + " direct");
        Map<String, String> verdicts = Map.of(   // by destination; the rules are written in their canonical form
                service4, rules + ":1 " + service4 + " dev=nic1",
                text(ServerNic0.address(lab, IpFamily.V4)), "no rule: the OS routes it",
                service6, rules + ":2 " + service6 + " mark=0x10",
                other6, rules + ":3 " + other6 + " direct: the OS routes it");
        String pinned = text(lab.serviceAddress(family));
        String other = text(ServerNic0.address(lab, family));

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules + ",mode=audit"))
                .runJar(Build.demoJar(), pinned, other);

        assertEquals(0, run.exitCode(), run::describe);
        List<DemoOutput.Line> lines = DemoOutput.parse(run.stdout());
        ExpectedOutcome viaNic0 = ExpectedOutcome.answered(new Report(lab.clientAddress("nic0", family), "nic0"));
        assertAll(lines.stream().map(line -> () -> ExpectedOutcome.onJdk(jdk, line.path(), viaNic0).check(line)));

        List<String> expected = lines.stream()
                .filter(line -> DemoOutput.skipped(line.path(), jdk).isEmpty())   // a skipped path connects nowhere
                .map(line -> decision(line.path(), line.destination()) + " -> " + verdicts.get(host(line.destination())))
                .toList();
        List<String> logged = run.stderrLines().stream()
                .filter(line -> line.startsWith("[nicpin] audit:"))
                .map(AuditModeTest::normalised)
                .toList();
        assertEquals(expected, logged, () -> "one audit line per connect or send, in order\n" + run.describe());
    }

    /** What nicpin audits for one exchange of a demo path: {@code tcp connect HOST:PORT} and the like. */
    private static String decision(String path, String destination) {
        String kind = !DemoOutput.PATHS.get(path).equals("udp") ? "tcp connect"
                : path.endsWith("-connected") ? "udp connect" : "udp send";
        return kind + " " + host(destination) + ":" + destination.substring(destination.lastIndexOf(':') + 1);
    }

    /** An audit line with its address in the form {@link Report#text} writes, however nicpin wrote it. */
    private static String normalised(String line) {
        Matcher m = AUDIT.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not an audit line: " + line);
        }
        String destination = m.group(3);
        return m.group(1) + " " + m.group(2) + " " + host(destination) + ":"
                + destination.substring(destination.lastIndexOf(':') + 1) + " -> " + m.group(4);
    }

    /** The host of {@code HOST:PORT}, with or without brackets around an IPv6 address, in canonical text. */
    private static String host(String destination) {
        String host = destination.substring(0, destination.lastIndexOf(':')).replace("[", "").replace("]", "");
        try {
            return text(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new AssertionError("not a numeric address: " + destination, e);
        }
    }
}
