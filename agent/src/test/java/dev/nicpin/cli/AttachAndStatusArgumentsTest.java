package dev.nicpin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What attach and status refuse before touching any JVM; attaching for real is in the
 * integration tests (AttachTest, StatusTest).
 */
class AttachAndStatusArgumentsTest {
    /** Above Linux's pid_max: no process has it. */
    private static final String NO_SUCH_PID = "4999999";

    @TempDir
    Path directory;

    @Test
    void aPidIsDigits() {
        CliRun run = CliRun.of("attach", "my-app", "rules=r.conf");
        assertEquals(Cli.INVALID, run.status);
        assertEquals(List.of("nicpin: attach: expected PID [AGENT_ARGUMENTS], found my-app rules=r.conf"
                + " (run 'java -jar nicpin-agent.jar help' for usage)"), run.errLines());
        assertEquals(Cli.INVALID, CliRun.of("status").status);
        assertEquals(Cli.INVALID, CliRun.of("status", "12", "13").status);
    }

    @Test
    void mistypedAgentArgumentsNeverReachTheJvm() {
        CliRun run = CliRun.of("attach", NO_SUCH_PID, "rules=r.conf,onErorr=warn");
        assertEquals(Cli.INVALID, run.status);
        assertEquals(List.of("nicpin: attach: invalid agent arguments, nothing loaded:",
                "agent argument 'onErorr=warn': unknown key 'onErorr'; valid keys: enabled, rules, mode, onError, log, unsafeRules"),
                run.errLines());
    }

    /** A path this JVM cannot name (a lone surrogate; under LANG=C any non-ASCII one) is a bad value, not a crash. */
    @Test
    void aRulesPathThisJvmCannotNameIsAnInvalidArgument() {
        CliRun run = CliRun.of("attach", NO_SUCH_PID, "rules=/tmp/\uD800");
        assertEquals(Cli.INVALID, run.status);
        assertEquals(List.of("nicpin: attach: invalid agent arguments, nothing loaded:",
                "agent argument 'rules=/tmp/\\uD800': expected a path in this JVM's file name encoding, "
                        + System.getProperty("sun.jnu.encoding") + " (the locale's: LANG, LC_ALL)"),
                run.errLines());
    }

    @Test
    void anInvalidRulesFileNeverReachesTheJvm() throws Exception {
        Path rules = Files.write(directory.resolve("r.conf"), "10.0.0.0/8 dev=\n".getBytes(StandardCharsets.UTF_8));
        CliRun run = CliRun.of("attach", NO_SUCH_PID, "rules=" + rules);
        assertEquals(Cli.INVALID, run.status);
        assertEquals(rules + ":1:12: expected dev=IFNAME, found dev=", run.errLines().get(0));
        assertEquals("nicpin: attach: " + rules + " is invalid (above), nothing loaded", run.errLines().get(1));
    }

    /** The operator's relative path is relative to where attach runs: checked there, and named absolutely. */
    @Test
    void aRelativeRulesPathIsTheOperators() throws Exception {
        Path rules = Files.write(directory.resolve("r.conf"), "10.0.0.0/8 dev=\n".getBytes(StandardCharsets.UTF_8));
        Path relative = Path.of("").toAbsolutePath().relativize(rules);

        CliRun run = CliRun.of("attach", NO_SUCH_PID, "mode=audit, rules=" + relative);

        assertEquals(Cli.INVALID, run.status);
        assertEquals("nicpin: attach: " + rules + " is invalid (above), nothing loaded", run.errLines().get(1));
    }

    @Test
    void aProcessThatIsNotThereIsNamed() throws Exception {
        Path rules = Files.write(directory.resolve("r.conf"), "10.0.0.0/8 dev=eth1\n".getBytes(StandardCharsets.UTF_8));
        for (CliRun run : List.of(CliRun.of("attach", NO_SUCH_PID, "rules=" + rules), CliRun.of("status", NO_SUCH_PID))) {
            assertEquals(Cli.FAILED, run.status, run.err);
            assertTrue(run.err.startsWith("nicpin: cannot attach to JVM " + NO_SUCH_PID + ": "), run.err);
        }
    }
}
