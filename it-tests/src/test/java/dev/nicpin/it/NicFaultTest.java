package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pinned NIC goes down and comes back while the application connects again and again: under
 * {@code onError=fail}, no packet of the pinned flow leaves by another interface, every connect
 * meanwhile fails with the kernel's SocketException, and once the NIC is back (link up, its
 * addresses and routes restored, as a network manager does) connects succeed again by it,
 * without a restart. A NIC deleted and made again comes back under a new interface index, which
 * the agent finds by its name again.
 */
@ExtendWith(LabExtension.class)
class NicFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int PER_PHASE = 20;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void aPinnedNicThatGoesDownFailsItsConnectsLeaksNothingAndServesAgainWhenBack(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.write(Report.text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1");
        try (RunningJvm app = TestApps.connectLoop(lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules)), lab, 100)) {
            app.awaitStdout(line -> true, PER_PHASE, PATIENCE);

            lab.inClient("ip", "link", "set", "nic1", "down");
            int downFrom = app.stdoutLineCount();
            PacketCounters.Counts before = lab.counters().read();
            app.awaitStdout(line -> true, downFrom + PER_PHASE, PATIENCE);
            PacketCounters.Counts whileDown = lab.counters().read().minus(before);
            int downTo = app.stdoutLineCount();

            lab.inClient("ip", "link", "set", "nic1", "up");
            lab.inClient("ip", "-6", "addr", "replace", "fd77:1::1/64", "dev", "nic1", "nodad");
            lab.inClient("ip", "route", "replace", "default", "via", "10.77.1.2", "dev", "nic1", "metric", "200");
            lab.inClient("ip", "route", "replace", "default", "via", "10.77.1.2", "dev", "nic1", "table", "100");
            int backFrom = app.stdoutLineCount();
            app.awaitStdout(line -> line.contains(" via nic1"), backFrom + PER_PHASE, PATIENCE);
            ProcessResult run = app.stop();

            List<String> all = run.stdout().lines().toList();
            assertEquals(0, whileDown.packets("nic0", IpFamily.V4, "tcp"), () -> whileDown + "\n" + run.describe());
            // The connection under way at each change may end either way: the ones after are the phase's.
            assertTrue(downTo - downFrom >= PER_PHASE - 1, run::describe);
            assertAll(all.subList(downFrom + 1, downTo).stream().map(line -> () -> assertTrue(
                    // JDK 8 says it with a ConnectException, later JDKs with a plain SocketException
                    line.matches("FAILED: java\\.net\\.(Connect|Socket)Exception: Network is unreachable.*")
                            || line.startsWith("FAILED: java.net.NoRouteToHostException"), line)));
            List<String> back = new ArrayList<>(all.subList(backFrom + 1, all.size() - 1));
            back.removeIf(line -> line.startsWith("FAILED"));  // until the routes are back
            assertTrue(back.size() >= PER_PHASE - 1, run::describe);
            assertAll(back.stream().map(line -> () -> assertEquals("nic1", Report.parse(line).nic(), line)));
            assertTrue(all.stream().noneMatch(line -> line.contains(" via nic0")), run::describe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void aPinnedNicDeletedAndMadeAgainIsFoundUnderItsNewIndex(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.write(Report.text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1");
        try (RunningJvm app = TestApps.connectLoop(lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules)), lab, 100)) {
            app.awaitStdout(line -> line.contains(" via nic1"), PER_PHASE, PATIENCE);

            lab.inClient("ip", "link", "del", "nic1");
            int deletedFrom = app.stdoutLineCount();
            PacketCounters.Counts before = lab.counters().read();
            app.awaitStdout(line -> true, deletedFrom + PER_PHASE, PATIENCE);
            PacketCounters.Counts whileDeleted = lab.counters().read().minus(before);
            int deletedTo = app.stdoutLineCount();

            lab.relink("nic1");
            int backFrom = app.stdoutLineCount();
            app.awaitStdout(line -> line.contains(" via nic1"), backFrom + PER_PHASE, PATIENCE);
            ProcessResult run = app.stop();

            List<String> all = run.stdout().lines().toList();
            assertEquals(0, whileDeleted.packets("nic0", IpFamily.V4, "tcp"), () -> whileDeleted + "\n" + run.describe());
            assertAll(all.subList(deletedFrom + 1, deletedTo).stream().map(line -> () -> assertEquals(
                    "FAILED: java.net.SocketException: nicpin: " + rules + ":1 dev=nic1: no such interface on this host"
                            + " (ENODEV)", line)));
            List<String> back = all.subList(backFrom + 1, all.size() - 1);
            // Until the server listens on the new link, a connect by it is refused or times out: never nic0.
            assertTrue(back.stream().filter(line -> line.contains(" via nic1")).count() >= PER_PHASE - 1, run::describe);
            assertTrue(all.stream().noneMatch(line -> line.contains(" via nic0")), run::describe);
            assertTrue(run.stderr().contains("dev=nic1: no such interface"), run::describe);
        }
    }
}
