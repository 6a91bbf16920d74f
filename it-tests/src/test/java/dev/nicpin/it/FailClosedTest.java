package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static dev.nicpin.it.ExpectedOutcome.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule that cannot be applied (an interface this host does not have): under onError=fail
 * (the default) every path fails with the agent's reason and not one packet leaves, by either
 * link; under onError=warn every path takes the OS's route, nic0, and the agent says so once.
 * (Every path the JDK has: on JDK 8 the demo app skips http-client, see {@link DemoOutput#skipped}.)
 */
@ExtendWith(LabExtension.class)
class FailClosedTest {
    @TempDir
    Path rulesDirectory;

    static Stream<Arguments> jdksAndFamilies() {
        return Jdk.configured().stream()
                .flatMap(jdk -> Stream.of(IpFamily.values()).map(family -> Arguments.of(jdk, family)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndFamilies")
    void underFailEveryPathFailsAndNothingLeaves(Jdk jdk, IpFamily family, Lab lab) throws IOException {
        Path rules = missingInterfaceRule(lab, family);
        AgentDemoRun run = AgentDemoRun.run(lab, jdk, family, rules, List.of());

        ExpectedPaths.byTransport(jdk,
                        transport -> refused("nicpin: " + rules + ":1 dev=nic9: ", "no such interface on this host"))
                .assertMetBy(run, family);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndFamilies")
    void underWarnEveryPathTakesTheOsRouteAndOneWarningSaysWhy(Jdk jdk, IpFamily family, Lab lab) throws IOException {
        Path rules = missingInterfaceRule(lab, family);
        AgentDemoRun run = AgentDemoRun.run(lab, jdk, family, rules, List.of("-Dnicpin.onError=warn"));

        Report viaNic0 = new Report(lab.clientAddress("nic0", family), "nic0");
        ExpectedPaths.byTransport(jdk, transport -> answered(viaNic0)).assertMetBy(run, family);
        List<String> warnings = run.process().stderr().lines().filter(line -> line.contains("dev=nic9")).toList();
        assertEquals(1, warnings.size(), "lines about dev=nic9 on the agent's stderr\n" + run.describe());
        assertTrue(warnings.get(0).contains("WARN") && warnings.get(0).contains(rules + ":1 dev=nic9"),
                "the warning names the level and the rule: " + warnings.get(0));
    }

    private Path missingInterfaceRule(Lab lab, IpFamily family) throws IOException {
        return Files.write(Files.createTempFile(rulesDirectory, "nic9-", ".conf"),
                List.of(Report.text(lab.serviceAddress(family)) + " dev=nic9"));
    }
}
