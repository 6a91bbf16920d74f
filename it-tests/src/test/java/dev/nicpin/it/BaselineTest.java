package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.lab.Report;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without any agent, every JDK socket path of the demo app leaves by the client's default
 * route, nic0 (metric 100), on every configured JDK and for both address families: the
 * baseline the agent's tests compare against.
 */
@ExtendWith(LabExtension.class)
class BaselineTest {

    static Stream<Arguments> jdksAndFamilies() {
        return Jdk.configured().stream()
                .flatMap(jdk -> Stream.of(IpFamily.values()).map(family -> Arguments.of(jdk, family)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndFamilies")
    void everyPathLeavesByTheDefaultRouteViaNic0(Jdk jdk, IpFamily family, Lab lab) {
        String service = Report.text(lab.serviceAddress(family));
        ProcessResult run = lab.clientJvm(jdk).runJar(Build.demoJar(), service);

        assertEquals(0, run.exitCode(), run::describe);
        List<DemoOutput.Line> lines = DemoOutput.parse(run.stdout());
        assertEquals(List.copyOf(DemoOutput.PATHS.keySet()), lines.stream().map(DemoOutput.Line::path).toList(),
                run::describe);

        Report expected = new Report(lab.clientAddress("nic0", family), "nic0");
        Map<String, Integer> ports = Map.of("tcp", lab.tcpPort(), "udp", lab.udpPort(), "http", lab.httpPort());
        assertAll(lines.stream().map(line -> () -> {
            String transport = DemoOutput.PATHS.get(line.path());
            assertEquals(transport, line.transport(), line.text());
            assertEquals(DemoOutput.destination(service, ports.get(transport)), line.destination(), line.text());
            ExpectedOutcome.onJdk(jdk, line.path(), ExpectedOutcome.answered(expected)).check(line);
        }));
    }
}
