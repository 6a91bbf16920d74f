package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent reloads its rules file while the application connects, about a thousand times a
 * second: two rule sets pin the service to nic1 and nic0 in turn, and every fifth version is
 * invalid. Connections go one after another, so the interfaces the server saw must form one run
 * per version that came into force, in order: a connection decided by an older version after
 * a newer one (or by a mix, or by part of an invalid version) would start a run of its own.
 */
@ExtendWith(LabExtension.class)
class ReloadTest {
    private static final int RELOADS = 50;
    /** Connections seen under each version before the next one is written: none may be empty. */
    private static final int CONNECTIONS_PER_VERSION = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String RELOADED = " reloaded: ";
    private static final String INVALID = " changed, but is invalid; the rules in force stay (";

    /** The oldest and the newest JDK: the watch is the JDK's WatchService, whose Linux side changed between them. */
    static List<Jdk> oldestAndNewest() {
        List<Jdk> all = Jdk.configured();
        return all.size() == 1 ? all : List.of(all.get(0), all.get(all.size() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oldestAndNewest")
    void underLoadEachConnectionFollowsTheVersionInForceAndInvalidVersionsChangeNothing(Jdk jdk, Lab lab) {
        RuleFiles.Replaceable rules = RuleFiles.replaceable(pinTo(lab, "nic1"));
        List<String> expected = new ArrayList<>(List.of("nic1"));
        try (RunningJvm app = connectLoop(jdk, lab, rules.path().toString())) {
            app.awaitStdout(line -> true, CONNECTIONS_PER_VERSION, PATIENCE);
            int valid = 0;
            int invalid = 0;
            for (int version = 1; version <= RELOADS; version++) {
                String inForce = expected.get(expected.size() - 1);
                String other = inForce.equals("nic1") ? "nic0" : "nic1";
                if (version % 5 == 0) {
                    // Its first line alone would switch the interface: applied in part, it would show.
                    rules.replace(pinTo(lab, other)[0], "10.0.0.0/8 dev=");
                    app.awaitStderr(line -> line.contains(INVALID), ++invalid, PATIENCE);
                } else {
                    rules.replace(pinTo(lab, other));
                    app.awaitStderr(line -> line.contains(RELOADED), ++valid, PATIENCE);
                    expected.add(other);
                }
                int connections = app.stdoutLineCount();
                app.awaitStdout(line -> true, connections + CONNECTIONS_PER_VERSION, PATIENCE);
            }
            assertRunsInOrder(expected, app.stop());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oldestAndNewest")
    void aConfigMapUpdateIsFollowed(Jdk jdk, Lab lab) {
        RuleFiles.ConfigMap rules = RuleFiles.configMap(pinTo(lab, "nic1"));
        List<String> expected = new ArrayList<>(List.of("nic1"));
        try (RunningJvm app = connectLoop(jdk, lab, rules.path().toString())) {
            app.awaitStdout(line -> true, CONNECTIONS_PER_VERSION, PATIENCE);
            for (int update = 1; update <= 4; update++) {
                String next = update % 2 == 1 ? "nic0" : "nic1";
                rules.update(pinTo(lab, next));
                expected.add(next);
                app.awaitStderr(line -> line.contains(RELOADED), update, PATIENCE);
                int connections = app.stdoutLineCount();
                app.awaitStdout(line -> true, connections + CONNECTIONS_PER_VERSION, PATIENCE);
            }
            assertRunsInOrder(expected, app.stop());
        }
    }

    private static String[] pinTo(Lab lab, String nic) {
        return new String[] {Report.text(lab.serviceAddress(IpFamily.V4)) + " dev=" + nic};
    }

    private static RunningJvm connectLoop(Jdk jdk, Lab lab, String rules) {
        return TestApps.connectLoop(lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules)), lab, 1000);
    }

    /** Every connection answered, and the interfaces, run by run, are the versions' in order. */
    private static void assertRunsInOrder(List<String> expected, ProcessResult run) {
        List<String> runs = new ArrayList<>();
        Consumer<String> connection = line -> {
            String nic = Report.parse(line).nic();
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(nic)) {
                runs.add(nic);
            }
        };
        List<String> lines = run.stdout().lines().toList();
        // The last line may be cut short by the stop.
        lines.subList(0, lines.size() - 1).forEach(line -> {
            assertTrue(!line.startsWith("FAILED"), () -> "a connection failed: " + line + "\n" + run.describe());
            connection.accept(line);
        });
        assertEquals(expected, runs, () -> lines.size() + " connections\n" + run.stderr());
    }
}
