package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.it.apps.VirtualThreadClients;
import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connections and datagrams from virtual threads, many at once, are pinned like any other:
 * a virtual thread's blocking connect and send park instead of blocking, through the same JDK
 * methods nicpin hooks.
 */
@ExtendWith(LabExtension.class)
class VirtualThreadsTest {

    /** Only JDKs that have virtual threads: a test CI skips would count as a failure there. */
    static List<Jdk> jdks() {
        return Jdk.configured().stream().filter(jdk -> jdk.feature() >= 21).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyClientOnAVirtualThreadIsPinned(Jdk jdk, Lab lab) {
        String service = text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules))
                .runMain(TestApps.classpath(), VirtualThreadClients.class.getName(),
                        service, String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort()));

        assertEquals(0, run.exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.stdout());
        List<String> clients = IntStream.rangeClosed(1, VirtualThreadClients.PER_KIND).boxed()
                .flatMap(i -> Stream.of("socket-", "socket-channel-", "datagram-socket-", "datagram-channel-")
                        .map(kind -> kind + i + "/virtual"))
                .toList();
        assertEquals(clients, lines.stream().map(AppOutput.Line::name).toList(),
                () -> "every client, each on a virtual thread\n" + run.describe());
        Report viaNic1 = new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1");
        assertAll(lines.stream().map(line -> () ->
                assertEquals(viaNic1, line.report(), () -> line.text() + "\n" + run.stderr())));
    }
}
