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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code attach PID}: an application runs without the agent, then nicpin is attached, and what
 * it connects afterwards is pinned: every JDK socket path (the demo app's rounds), Netty's
 * native transport loaded before the attach, and, for a connection after another, every one
 * from the attach on.
 */
@ExtendWith(LabExtension.class)
class AttachTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** What JDK 21+ prints in the JVM an agent is attached to (JEP 451). */
    private static final String DYNAMIC_LOADING_WARNING = "WARNING: A Java agent has been loaded dynamically ("
            + AgentJar.path().toAbsolutePath().normalize() + ")";

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachedToARunningAppItPinsTheNewConnectionsAndASecondAttachDoesNothing(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        try (RunningJvm demo = lab.clientJvm(jdk).startJar(Build.demoJar(), "--repeat", "100", service)) {
            demo.awaitStdout(line -> line.equals("# round 1 done"), PATIENCE);

            ProcessResult attach = AgentCli.run(lab, "attach", String.valueOf(demo.pid()), "rules=" + rules);
            int roundsBefore = rounds(demo.stdout());
            demo.awaitStdout(line -> line.equals("# round " + (roundsBefore + 2) + " done"), PATIENCE);
            ProcessResult again = AgentCli.run(lab, "attach", String.valueOf(demo.pid()), "rules=" + rules);
            ProcessResult run = demo.stop();

            assertEquals(0, attach.exitCode(), attach::describe);
            assertEquals(List.of("nicpin loaded into JVM " + demo.pid() + " with rules=" + rules + "; its start-up"
                    + " line is in that JVM's log (standard error)"), attach.stdout().lines().toList());
            assertEquals(0, again.exitCode(), again::describe);
            assertTrue(again.stdout().matches("nicpin \\S+ is already running in JVM " + demo.pid() + "; nothing done\n"),
                    again::describe);
            assertRound(round(run.stdout(), 1), "nic0", jdk, run);
            assertRound(round(run.stdout(), roundsBefore + 2), "nic1", jdk, run);
            assertEquals(1, run.stderrLines().stream().filter(line -> line.startsWith("[nicpin] 1 rule from ")).count(),
                    run::describe);
            assertEquals(jdk.feature() >= 21, run.stderr().contains(DYNAMIC_LOADING_WARNING), run::describe);
        }
    }

    /** Every path the JDK has answered, from {@code nic}. */
    private static void assertRound(List<DemoOutput.Line> round, String nic, Jdk jdk, ProcessResult run) {
        assertEquals(DemoOutput.PATHS.size(), round.size(), run::describe);
        assertAll(round.stream().map(line -> () -> {
            if (DemoOutput.skipped(line.path(), jdk).isEmpty()) {
                assertEquals(nic, line.report().nic(), line.text());
            }
        }));
    }

    /** Connections one after another: all but the one under way when attach returns are pinned. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void noConnectionEscapesOnceAttachHasReturned(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        try (RunningJvm app = TestApps.connectLoop(lab.clientJvm(jdk), lab, 200)) {
            app.awaitStdout(line -> true, 20, PATIENCE);

            ProcessResult attach = AgentCli.run(lab, "attach", String.valueOf(app.pid()), "rules=" + rules);
            int before = app.stdoutLineCount();
            app.awaitStdout(line -> true, before + 40, PATIENCE);
            ProcessResult run = app.stop();

            assertEquals(0, attach.exitCode(), attach::describe);
            List<String> lines = run.stdout().lines().toList();
            assertAll(lines.subList(0, 20).stream().map(line -> () -> assertEquals("nic0", Report.parse(line).nic())));
            assertAll(lines.subList(before + 1, before + 40).stream()
                    .map(line -> () -> assertEquals("nic1", Report.parse(line).nic(), run::describe)));
        }
    }

    /**
     * Without {@code rules=}, the JVM's own configuration must name the rules: attach checks it
     * there (its properties, its environment), and the rules file as that JVM's user would, and
     * loads nothing it would refuse everything with.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void withoutRulesTheJvmsOwnConfigurationIsCheckedFirst(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        try (RunningJvm bare = TestApps.connectLoop(lab.clientJvm(jdk), lab, 50);
             RunningJvm named = TestApps.connectLoop(lab.clientJvm(jdk).environment("NICPIN_RULES", rules.toString()),
                     lab, 50)) {
            bare.awaitStdout(line -> true, 5, PATIENCE);
            named.awaitStdout(line -> true, 5, PATIENCE);

            ProcessResult refused = AgentCli.run(lab, "attach", String.valueOf(bare.pid()));
            Path unsafe = RuleFiles.write(service + " dev=nic1");
            unsafe.toFile().setWritable(true, false);
            ProcessResult unsafeRefused = AgentCli.run(lab, "attach", String.valueOf(bare.pid()), "rules=" + unsafe);
            ProcessResult loaded = AgentCli.run(lab, "attach", String.valueOf(named.pid()));
            int before = named.stdoutLineCount();
            named.awaitStdout(line -> true, before + 10, PATIENCE);

            assertEquals(2, refused.exitCode(), refused::describe);
            assertTrue(refused.stderr().startsWith("nicpin: attach: nicpin's configuration in JVM " + bare.pid()
                    + " would be invalid, nothing loaded:\nno rules file: "), refused::describe);
            assertEquals(2, unsafeRefused.exitCode(), unsafeRefused::describe);
            assertTrue(unsafeRefused.stderr().startsWith("nicpin: attach: JVM " + bare.pid() + " would refuse its rules,"
                    + " nothing loaded:\n" + unsafe + ": unsafe: " + unsafe + " is writable by every user"), unsafeRefused::describe);
            assertTrue(bare.stop().stderr().isEmpty(), "nothing was loaded");
            assertEquals(0, loaded.exitCode(), loaded::describe);
            List<String> lines = named.stop().stdout().lines().toList();
            assertEquals("nic1", Report.parse(lines.get(before + 1)).nic(), String.join("\n", lines));
        }
    }

    /** Netty's classes loaded before the attach are woven then: its epoll transport is pinned too. */
    @ParameterizedTest(name = "Netty {0}")
    @ValueSource(strings = {"4.1.137.Final", "4.2.18.Final"})
    void attachedToARunningNettyAppItPinsItsNativeTransportToo(String nettyVersion, Lab lab) {
        Jdk jdk = Jdk.one().get(0);
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        List<String> steps = List.of("tcp:" + service + ":" + lab.tcpPort(), "udpsend:" + service + ":" + lab.udpPort(),
                "udpbatch:" + service + ":" + lab.udpPort(), "again");
        try (RunningJvm app = lab.clientJvm(jdk).startMain(NettyEpollTest.classpath(nettyVersion), "dev.nicpin.it.apps.NettyClient",
                steps.toArray(String[]::new))) {
            app.awaitStdout(line -> line.equals("# round 1 done"), PATIENCE);

            ProcessResult attach = AgentCli.run(lab, "attach", String.valueOf(app.pid()), "rules=" + rules);
            int roundsBefore = rounds(app.stdout());
            app.awaitStdout(line -> line.equals("# round " + (roundsBefore + 2) + " done"), PATIENCE);
            ProcessResult run = app.stop();

            assertEquals(0, attach.exitCode(), attach::describe);
            assertTrue(run.stderr().contains("[nicpin] Netty's native transport: hooked io.netty.channel.unix.Socket"),
                    run::describe);
            assertEquals(List.of("nic0", "nic0", "nic0"), nics(run.stdout(), 1), run::describe);
            assertEquals(List.of("nic1", "nic1", "nic1"), nics(run.stdout(), roundsBefore + 2), run::describe);
        }
    }

    /** The interface of each step's answer in round {@code n} of a Netty client. */
    private static List<String> nics(String stdout, int n) {
        List<String> nics = new ArrayList<>();
        int round = 1;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("# round ")) {
                round++;
            } else if (round == n) {
                nics.add(Report.parse(line.substring(line.indexOf(' ') + 1)).nic());
            }
        }
        return nics;
    }

    private static int rounds(String stdout) {
        return (int) stdout.lines().filter(line -> line.startsWith("# round ")).count();
    }

    /** The lines of round {@code n}: after the end of the one before, up to its own end. */
    private static List<DemoOutput.Line> round(String stdout, int n) {
        List<String> lines = new ArrayList<>();
        int round = 1;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("# round ")) {
                round++;
            } else if (round == n) {
                lines.add(line);
            }
        }
        return DemoOutput.parse(String.join("\n", lines));
    }
}
