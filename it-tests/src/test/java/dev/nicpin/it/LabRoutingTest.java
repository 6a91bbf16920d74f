package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.lab.LabProbe;
import dev.nicpin.lab.Report;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab can tell the interfaces apart, so a test that expects nic0 can fail: traffic that
 * really takes nic1 is reported via nic1, and the interface is told independently of the
 * source address. {@link LabProbe} sets the socket options by hand, as the agent will.
 */
@ExtendWith(LabExtension.class)
class LabRoutingTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(IpFamily.class)
    void theServerReportsTheInterfaceTrafficReallyTook(IpFamily family, Lab lab) {
        InetAddress nic0 = lab.clientAddress("nic0", family);
        InetAddress nic1 = lab.clientAddress("nic1", family);
        String nic1Text = Report.text(nic1);
        Map<String, Report> expected = new LinkedHashMap<>();
        expected.put("default", new Report(nic0, "nic0"));                     // the metric-100 default route
        expected.put("dev=nic1", new Report(nic1, "nic1"));                    // SO_BINDTOIFINDEX
        expected.put("mark=0x10", new Report(nic1, "nic1"));                   // ip rule fwmark 0x10 -> table 100
        expected.put("src=" + nic1Text, new Report(nic1, "nic1"));             // ip rule from nic1's address
        expected.put("dev=nic0+src=" + nic1Text, new Report(nic1, "nic0"));    // nic1's source, out through nic0

        List<String> args = new ArrayList<>(List.of(Report.text(lab.serviceAddress(family)),
                String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort())));
        args.addAll(expected.keySet());
        ProcessResult run = lab.clientJvm(Build.testJavaHome())
                .jvmArgs("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED")
                .runMain(Build.labClasspath(), LabProbe.class.getName(), args.toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::describe);
        Map<String, String> answers = new LinkedHashMap<>();
        run.stdout().lines().map(line -> line.split(" ", 3)).forEach(f -> answers.put(f[0] + " " + f[1], f[2]));
        assertAll(expected.entrySet().stream().flatMap(setting -> List.of("tcp", "udp").stream().map(transport -> () -> {
            String key = setting.getKey() + " " + transport;
            assertEquals(setting.getValue().toString(), answers.get(key), key + "\n" + run.describe());
        })));
    }
}
