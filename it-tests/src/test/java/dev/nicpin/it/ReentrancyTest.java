package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.apps.ClassInitClients;
import dev.nicpin.it.apps.LoggingClients;
import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connections opened where the agent's own work could come back to itself or wait on the
 * application: from inside the application's logging, whose records go over the network, and
 * from class initialisers, before main and in two threads at once. Each application ends by
 * itself within its time (on a hang it dumps its threads and exits 3), and every connection is
 * pinned.
 */
@ExtendWith(LabExtension.class)
class ReentrancyTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int LOGGING_THREADS = 4;
    private static final int CONNECTIONS_PER_THREAD = 5;

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    /**
     * The app's java.util.logging sends its records to the service through the JDK's
     * SocketHandler, which connects from within the first thread's log call, under the
     * LogManager's lock, while the other threads log and connect too; nicpin logs every decision
     * (log=debug). The server answers the handler's connection, as any, and closes it: the
     * handler's later writes fail, which the JDK's ErrorManager reports once on standard error.
     * The handler's connection is the only one to the IPv4 service, so the packet counters tell
     * where it went.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void connectionsFromAnAppWhoseLoggingConnectsToAPinnedDestinationArePinnedWithoutRecursion(Jdk jdk, Lab lab) {
        String service4 = text(lab.serviceAddress(IpFamily.V4));
        String service6 = text(lab.serviceAddress(IpFamily.V6));
        Path rules = RuleFiles.write(service4 + " dev=nic1", service6 + " dev=nic1");
        // Not rules, but lines in a file every user can read all the same.
        Path logging = RuleFiles.write("handlers=java.util.logging.SocketHandler", ".level=ALL",
                "java.util.logging.SocketHandler.host=" + service4,
                "java.util.logging.SocketHandler.port=" + lab.tcpPort(),
                "java.util.logging.SocketHandler.level=ALL",
                "java.util.logging.SocketHandler.formatter=java.util.logging.SimpleFormatter");
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules), "-Djava.util.logging.config.file=" + logging)
                .environment("NICPIN_LOG", "debug")
                .timeout(LIMIT)
                .runMain(TestApps.classpath(), LoggingClients.class.getName(), service6, String.valueOf(lab.tcpPort()),
                        String.valueOf(LOGGING_THREADS), String.valueOf(CONNECTIONS_PER_THREAD));

        PacketCounters.Counts sent = lab.counters().read().minus(before);
        assertEquals(0, run.exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.stdout());
        assertEquals(LOGGING_THREADS * CONNECTIONS_PER_THREAD, lines.size(), run::describe);
        Report viaNic1 = new Report(lab.clientAddress("nic1", IpFamily.V6), "nic1");
        assertAll(lines.stream().map(line -> () -> assertEquals(viaNic1, line.report(), run::describe)));
        List<String> decisions = run.stderrLines().stream().filter(line -> line.contains(" -> " + rules + ":")).toList();
        assertEquals(1, decisions.stream().filter(line -> line.contains(" " + service4 + ":" + lab.tcpPort() + " ")).count(),
                () -> "one decision for the handler's connection\n" + run.describe());
        assertEquals(lines.size() + 1, decisions.size(), () -> "one decision per connection\n" + run.describe());
        assertTrue(sent.packets("nic1", IpFamily.V4, "tcp") > 0, () -> sent + "\n" + run.describe());
        assertEquals(0, sent.packets("nic0", IpFamily.V4, "tcp"), () -> sent + "\n" + run.describe());
        assertEquals(0, sent.packets("nic0", IpFamily.V6, "tcp"), () -> sent + "\n" + run.describe());
        assertTrue(run.stderrLines().stream().noneMatch(line -> line.contains("StackOverflowError")
                || line.startsWith("[nicpin] ERROR") || line.startsWith("[nicpin] WARN")), run::describe);
    }

    /**
     * The main class's initialiser connects and sends right after premain, while the agent is
     * still starting (its rules file holds it up for a second), so it waits for the agent in an
     * initialiser; then two threads initialise two classes that connect at once, one waiting for
     * the other's class (see {@link ClassInitClients}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void connectionsFromClassInitialisersArePinnedWithoutDeadlock(Jdk jdk, Lab lab) {
        String service4 = text(lab.serviceAddress(IpFamily.V4));
        String service6 = text(lab.serviceAddress(IpFamily.V6));
        RuleFiles.Held rules = RuleFiles.held(service4 + " dev=nic1", service6 + " dev=nic1");
        rules.release(Duration.ofSeconds(1));
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules.path()), "-Dservice.v4=" + service4,
                        "-Dservice.v6=" + service6, "-Dservice.tcp=" + lab.tcpPort(), "-Dservice.udp=" + lab.udpPort())
                .timeout(LIMIT)
                .runMain(TestApps.classpath(), ClassInitClients.class.getName());

        PacketCounters.Counts sent = lab.counters().read().minus(before);
        assertEquals(0, run.exitCode(), run::describe);
        String v4 = new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1").toString();
        String v6 = new Report(lab.clientAddress("nic1", IpFamily.V6), "nic1").toString();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("main-tcp", v4);
        expected.put("main-udp", v4);
        expected.put("first-tcp", v6);
        expected.put("second-tcp", v4);
        expected.put("second-saw-first", v6);
        assertEquals(expected, AppOutput.byName(run.stdout()), run::describe);
        assertEquals(0, sent.packets("nic0", IpFamily.V4, "tcp") + sent.packets("nic0", IpFamily.V4, "udp")
                + sent.packets("nic0", IpFamily.V6, "tcp"), () -> sent + "\n" + run.describe());
    }
}
