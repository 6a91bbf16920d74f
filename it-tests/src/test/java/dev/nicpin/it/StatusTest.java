package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.apps.SocketSteps;
import dev.nicpin.lab.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code status PID} and {@code reload PID}, which read and use the MBean {@code dev.nicpin:type=Agent}
 * of a running application: its counters must match the traffic the application sent.
 */
@ExtendWith(LabExtension.class)
class StatusTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** A documentation address (RFC 5737): its rule names an interface no host has, so nothing is sent. */
    private static final String UNPINNABLE = "192.0.2.1";

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void statusCountsWhatTheApplicationSentByOutcomeReasonAndRule(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " proto=tcp dev=nic1", service + " proto=udp mark=0x10",
                UNPINNABLE + " dev=nicpin-absent0");
        List<String> steps = List.of("tcp:" + service, "tcp:" + service, "tcp:" + service, "send:" + service,
                "send:" + service, "tcp:loopback", "tcp:" + UNPINNABLE, "wait");
        try (RunningJvm app = socketSteps(jdk, lab, rules, steps)) {
            app.awaitStdout(line -> line.equals("waiting"), PATIENCE);

            ProcessResult status = AgentCli.run(lab, "status", String.valueOf(app.pid()));
            ProcessResult elsewhere = AgentCli.runOutsideTheLab("status", String.valueOf(app.pid()));

            assertEquals(0, status.exitCode(), status::describe);
            List<String> lines = status.stdout().lines().toList();
            assertTrue(lines.get(0).matches("nicpin \\S+ in JVM " + app.pid()), status::describe);
            assertEquals(List.of(
                    "rules file:     " + rules,
                    lines.get(2),
                    "mode:           enforce, onError=fail",
                    "seen:           7",
                    "pinned:         5",
                    "left to the OS: 1",
                    "failed:         1 (ENODEV 1)",
                    "hits per rule:",
                    "  3  " + rules + ":1 " + service + " proto=tcp dev=nic1",
                    "  2  " + rules + ":2 " + service + " proto=udp mark=0x10",
                    "  1  " + rules + ":3 " + UNPINNABLE + " dev=nicpin-absent0",
                    "last read:      valid"), lines.subList(1, lines.size()), status::describe);
            assertTrue(lines.get(2).matches("rules in force: 3, loaded at \\d{4}-\\d\\d-\\d\\dT.*Z"), status::describe);
            assertEquals(1, elsewhere.exitCode(), elsewhere::describe);
            assertTrue(elsewhere.stderr().startsWith("nicpin: JVM " + app.pid() + ": cannot reach its JMX agent"
                    + " (java.net.ConnectException: Connection refused): run this in the JVM's network namespace"),
                    elsewhere::describe);
            String outcomes = app.stdout();
            assertTrue(outcomes.contains("tcp:" + UNPINNABLE + " FAILED: java.net.SocketException: nicpin: "),
                    outcomes);
        }
    }

    /**
     * A change the agent cannot see (a symlink on the way to the file re-pointed in a directory it
     * does not watch) comes into force with {@code reload PID}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void reloadReadsTheFileNowAndRefusesAnInvalidOne(Jdk jdk, Lab lab) throws IOException {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path hidden = directory();
        Path link = Files.createSymbolicLink(hidden.resolve("current.conf"), file(service + " dev=nic1"));
        Path rules = Files.createSymbolicLink(directory().resolve("rules.conf"), link);
        try (RunningJvm app = socketSteps(jdk, lab, rules, List.of("wait"))) {
            app.awaitStdout(line -> line.equals("waiting"), PATIENCE);
            String pid = String.valueOf(app.pid());

            ProcessResult unchanged = AgentCli.run(lab, "reload", pid);
            repoint(link, file(service + " dev=nic0", "10.0.0.0/8 dev=nic0"));
            ProcessResult reloaded = AgentCli.run(lab, "reload", pid);
            repoint(link, file("10.0.0.0/8 dev="));
            ProcessResult invalid = AgentCli.run(lab, "reload", pid);
            ProcessResult status = AgentCli.run(lab, "status", pid);

            assertEquals(0, unchanged.exitCode(), unchanged::describe);
            assertEquals("unchanged: 1 rule in force\n", unchanged.stdout(), unchanged::describe);
            assertEquals(0, reloaded.exitCode(), reloaded::describe);
            assertEquals("reloaded: 2 rules in force\n", reloaded.stdout(), reloaded::describe);
            assertEquals(2, invalid.exitCode(), invalid::describe);
            assertTrue(invalid.stderr().startsWith("invalid, nothing changed (2 rules, loaded at "), invalid::describe);
            assertTrue(invalid.stderr().contains(rules + ":1:"), invalid::describe);
            assertTrue(status.stdout().contains("\nrules in force: 2, loaded at "), status::describe);
            assertTrue(status.stdout().contains("\nlast read:      invalid:\n  " + rules
                    + ":1:"), status::describe);
        }
    }

    private static RunningJvm socketSteps(Jdk jdk, Lab lab, Path rules, List<String> steps) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort())));
        args.addAll(steps);
        return lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules))
                .startMain(TestApps.classpath(), SocketSteps.class.getName(), args.toArray(String[]::new));
    }

    private static Path directory() throws IOException {
        return Files.setPosixFilePermissions(Files.createTempDirectory("nicpin-it-"),
                PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Each version in a directory of its own: the agent watches the directory of the file in force. */
    private static Path file(String... lines) throws IOException {
        Path file = Files.write(directory().resolve("rules.conf"), List.of(lines));
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Points the symlink elsewhere atomically: a new link renamed over it. */
    private static void repoint(Path link, Path target) {
        try {
            Path next = Files.createSymbolicLink(link.resolveSibling(link.getFileName() + ".new"), target);
            Files.move(next, link, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
