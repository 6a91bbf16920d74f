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
 * {@code attach PID}: the demo app runs its rounds (every JDK socket path to the service) without
 * the agent, then nicpin is attached, and the rounds that start afterwards are pinned.
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
