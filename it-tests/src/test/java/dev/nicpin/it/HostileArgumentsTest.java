package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static dev.nicpin.it.ExpectedOutcome.refused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real JVMs given hostile configuration: bytes that are not text, control characters, 24,000
 * ESCs in a variable and 30,000 pairs in the agent argument (each near Linux's 128 KiB limit for
 * one argument or variable), a path the locale cannot encode. The JVM
 * neither crashes nor hangs; the agent's log says the documented "invalid configuration" with
 * each problem on a line of its own, printable and short; and, as the README says of an invalid
 * configuration, every connection but loopback fails and nothing leaves, whatever onError says.
 * The unit-level fuzzing is AgentConfigFuzzTest; StartupOutcomesTest has a plain typo.
 */
@ExtendWith(LabExtension.class)
class HostileArgumentsTest {
    private static final String INVALID = "[nicpin] ERROR invalid configuration; until it is fixed, every connection"
            + " but loopback fails:";
    /** How the agent's log continues a message over several lines. */
    private static final String CONTINUED = "[nicpin]   ";
    private static final String NO_SUCH_PID = "4999999";

    @TempDir
    Path crashes;

    /** The first and the last JDK: argument decoding and the agent's start differ most between them. */
    static List<Jdk> jdks() {
        List<Jdk> ends = Jdk.configured().stream().filter(jdk -> jdk.name().equals("8") || jdk.name().equals("25"))
                .toList();
        return ends.isEmpty() ? Jdk.one() : ends;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void bytesThatAreNotTextAndControlCharactersAreLoggedEscaped(Jdk jdk, Lab lab) throws IOException {
        // 24,000 ESCs, written as printf's 120,000 characters: below Linux's limit for one argument (128 KiB).
        JvmRunner jvm = lab.clientJvm(jdk).execThrough(rawBytes("LC_ALL=C.UTF-8", "NICPIN_ONERROR=f\\0377il",
                "NICPIN_LOG=" + "\\0033".repeat(24_000)));

        AgentDemoRun run = runDemo(lab, jvm, IpFamily.V4,
                "rules=" + goodRules(lab) + ",mode=\\0033[31mred\\r\\n[nicpin] forged,unsafeRules=\\0377");

        List<String> problems = assertInvalidConfiguration(jdk, run, IpFamily.V4);
        assertEquals(List.of("agent argument 'mode=\\u001B[31mred\\u000D\\u000A[nicpin] forged':"
                        + " '\\u001B[31mred\\u000D\\u000A[nicpin] forged' is not a valid mode; valid values: enforce, audit",
                "environment variable NICPIN_LOG=" + "\\u001B".repeat(57) + "... (24000 characters): '"
                        + "\\u001B".repeat(57) + "... (24000 characters)' is not a valid log;"
                        + " valid values: off, error, warn, info, debug, trace"),
                problems.stream().filter(line -> line.contains("valid mode") || line.contains("valid log")).toList(),
                run::describe);
        // The JVM decodes a byte that is not UTF-8 as it likes (U+FFFD, or Latin-1): some character, shown.
        assertOneLike(problems, line -> line.matches("environment variable NICPIN_ONERROR=f.il: 'f.il' is not a valid"
                + " onError; valid values: fail, warn"), run);
        assertOneLike(problems, line -> line.matches("agent argument 'unsafeRules=.': '.' is not a valid unsafeRules;"
                + " valid values: refuse, allow"), run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void thirtyThousandProblemsAreReportedInAScreenful(Jdk jdk, Lab lab) throws IOException {
        String pairs = "x=y,".repeat(30_000); // the argument stays below Linux's limit for one
        JvmRunner jvm = lab.clientJvm(jdk);

        AgentDemoRun run = runDemo(lab, jvm, IpFamily.V6, pairs + "rules=" + goodRules(lab));

        List<String> problems = assertInvalidConfiguration(jdk, run, IpFamily.V6);
        List<String> expected = new ArrayList<>(Collections.nCopies(20, "agent argument 'x=y': unknown key 'x';"
                + " valid keys: enabled, rules, mode, onError, log, unsafeRules"));
        expected.add("and 29980 more problems");
        assertEquals(expected, problems, run::describe);
    }

    /**
     * Containers often run with no locale (LANG=C): then the JVM cannot name a non-ASCII path. That
     * is a bad value of rules, and like any invalid configuration is treated as onError=fail.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRulesPathTheLocaleCannotEncodeIsABadValueEvenUnderWarn(Jdk jdk, Lab lab) throws IOException {
        JvmRunner jvm = lab.clientJvm(jdk).execThrough(rawBytes("LC_ALL=C"));

        AgentDemoRun run = runDemo(lab, jvm, IpFamily.V4, "rules=/etc/nicpin/r\\0303\\0251gles.conf,onError=warn");

        List<String> problems = assertInvalidConfiguration(jdk, run, IpFamily.V4);
        assertEquals(2, problems.size(), run::describe);
        assertTrue(problems.get(0).matches("agent argument 'rules=/etc/nicpin/r.+gles.conf': expected a path in this"
                + " JVM's file name encoding, \\S+ \\(the locale's: LANG, LC_ALL\\)"), run::describe);
        assertTrue(problems.get(1).startsWith("no rules file: "), run::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theKillSwitchOutranksHostileArguments(Jdk jdk, Lab lab) throws IOException {
        JvmRunner jvm = lab.clientJvm(jdk).execThrough(rawBytes("NICPIN_ENABLED=false", "NICPIN_\\0377=\\0001"));

        AgentDemoRun run = runDemo(lab, jvm, IpFamily.V4, "\\0377=\\0033,,,===,rules=\\r\\n");

        assertEquals(List.of("[nicpin] disabled (enabled=false): nothing is hooked"), run.process().stderrLines(),
                run::describe);
        Report viaNic0 = new Report(lab.clientAddress("nic0", IpFamily.V4), "nic0");
        ExpectedPaths.byTransport(jdk, transport -> answered(viaNic0)).assertMetBy(run, IpFamily.V4);
        assertNoCrash(run);
    }

    /** attach checks the arguments before it touches any JVM: exit 2 and the problems, escaped, never a stack trace. */
    @Test
    void attachRefusesHostileArgumentsWithTheirProblems() {
        ProcessResult run = AgentCli.runOutsideTheLabThrough(rawBytes("LC_ALL=C"), "attach", NO_SUCH_PID,
                "rules=/etc/nicpin/r\\0303\\0251gles.conf,mode=\\0033[2J,\\0001");

        assertEquals(2, run.exitCode(), run::describe);
        List<String> lines = run.stderrLines();
        assertEquals(4, lines.size(), run::describe);
        assertEquals("nicpin: attach: invalid agent arguments, nothing loaded:", lines.get(0));
        assertEquals("agent argument '\\u0001': expected key=value; valid keys: enabled, rules, mode, onError, log,"
                + " unsafeRules", lines.get(1));
        assertTrue(lines.get(2).matches("agent argument 'rules=/etc/nicpin/r.+gles.conf': expected a path in this"
                + " JVM's file name encoding, \\S+ \\(the locale's: LANG, LC_ALL\\)"), run::describe);
        assertEquals("agent argument 'mode=\\u001B[2J': '\\u001B[2J' is not a valid mode; valid values: enforce, audit",
                lines.get(3));
        assertPrintable(run.stderr(), run::describe);
    }

    private AgentDemoRun runDemo(Lab lab, JvmRunner jvm, IpFamily family, String agentArguments) {
        return AgentDemoRun.run(lab, jvm.timeout(Duration.ofSeconds(30))
                .jvmArgs("-XX:ErrorFile=" + crashes.resolve("hs_err_%p.log"), AgentJar.option(agentArguments)), family);
    }

    /**
     * The documented outcome of an invalid configuration: every path refused, nothing sent, the
     * JVM neither crashed nor hung, and its log the documented lines, all printable.
     *
     * @return the problems the log lists, without their prefix
     */
    private List<String> assertInvalidConfiguration(Jdk jdk, AgentDemoRun run, IpFamily family) throws IOException {
        ExpectedPaths.byTransport(jdk, transport -> refused(
                "nicpin: the nicpin configuration is invalid", "so no connection is pinned")).assertMetBy(run, family);
        assertNoCrash(run);
        List<String> stderr = run.process().stderrLines();
        assertAll(run.describe(),
                () -> assertEquals(INVALID, stderr.get(0)),
                () -> assertTrue(stderr.stream().allMatch(line -> line.startsWith("[nicpin] ")), "only the agent's lines"),
                () -> assertTrue(stderr.stream().noneMatch(line -> line.contains("could not start")), "no fault of its own"),
                () -> assertTrue(run.process().stderr().length() < 8192, "a screenful, whatever the input"));
        assertPrintable(run.process().stderr(), run::describe);
        return stderr.stream().skip(1).takeWhile(line -> line.startsWith(CONTINUED))
                .map(line -> line.substring(CONTINUED.length())).toList();
    }

    private void assertNoCrash(AgentDemoRun run) throws IOException {
        try (Stream<Path> files = Files.list(crashes)) {
            assertEquals(List.of(), files.toList(), run::describe);
        }
    }

    private static void assertOneLike(List<String> lines, Predicate<String> like, AgentDemoRun run) {
        assertEquals(1, lines.stream().filter(like).count(), run::describe);
    }

    /** Nothing a terminal acts on but the line breaks: no ESC, CR, NUL, ... */
    private static void assertPrintable(String text, Supplier<String> context) {
        assertTrue(text.chars().noneMatch(c -> c != '\n' && Character.isISOControl(c)), context);
    }

    private static String goodRules(Lab lab) {
        return RuleFiles.write(Report.text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                Report.text(lab.serviceAddress(IpFamily.V6)) + " dev=nic1").toString();
    }

    /**
     * A launcher that execs its arguments, each decoded by printf's %b first ({@code \0377} becomes
     * the byte 0xFF, which no Java String passes to a process as it is), through {@code env} with
     * these variables. The x keeps a trailing line break from the command substitution.
     */
    private static List<String> rawBytes(String... variables) {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "for a do shift; b=$(printf '%bx' \"$a\"); set -- \"$@\" \"${b%x}\"; done; exec \"$@\"", "sh", "env"));
        command.addAll(List.of(variables));
        return command;
    }
}
