package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent does when its start-up goes wrong, or is told not to start, or starts twice.
 * Each run connects and sends to the service over TCP and UDP, both families (which the good
 * rules pin to nic1), and to the test app's own responder on loopback, which no refusal touches.
 */
@ExtendWith(LabExtension.class)
class StartupOutcomesTest {
    /** How the agent's log continues a message over several lines. */
    private static final String CONTINUED = "[nicpin]   ";

    static List<Jdk> jdks() {
        return Jdk.configured();
    }


    /** The agent finishes starting in the background: a connect that comes first waits for it, and is pinned. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConnectBeforeTheAgentHasFinishedStartingWaitsForItAndIsPinned(Jdk jdk, Lab lab) {
        RuleFiles.Held rules = RuleFiles.held(goodRuleLines(lab));
        // Far longer than the app takes to reach its first connect: without the wait, that goes out by nic0.
        rules.release(Duration.ofSeconds(3));

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules.path()));

        assertOutcomes(lab, run, service -> answered(lab, service, "nic1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void anAgentThatNeverFinishesStartingRefusesAllButLoopbackAfterTenSecondsUnderFail(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.held(goodRuleLines(lab)).path(); // never released: the agent's start hangs on it
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules));

        assertOutcomes(lab, run, service -> refused("nicpin: the agent has not finished starting"));
        assertNothingSent(lab, before, run);
        assertEquals(List.of("[nicpin] ERROR the agent has not finished starting after 10 s; until it does,"
                + " every connection but loopback fails (onError=fail)"), run.stderrLines(), run::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void anAgentThatNeverFinishesStartingPinsNothingAfterTenSecondsUnderWarn(Jdk jdk, Lab lab) {
        Path rules = RuleFiles.held(goodRuleLines(lab)).path();

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules + ",onError=warn"));

        assertOutcomes(lab, run, service -> answered(lab, service, "nic0"));
        assertEquals(List.of("[nicpin] ERROR the agent has not finished starting after 10 s; until it does,"
                + " nothing is pinned (onError=warn)"), run.stderrLines(), run::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anInvalidRuleFileIsReportedInFullAndUnderFailNothingButLoopbackConnects(Jdk jdk, Lab lab) {
        Path rules = invalidRules(lab);
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules));

        assertEveryErrorReported(rules, run);
        assertOutcomes(lab, run, service -> refused("nicpin: the rules in " + rules + " are invalid"));
        assertNothingSent(lab, before, run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anInvalidRuleFileUnderWarnIsReportedInFullAndNothingIsPinned(Jdk jdk, Lab lab) {
        Path rules = invalidRules(lab);

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules + ",onError=warn"));

        assertEveryErrorReported(rules, run);
        assertOutcomes(lab, run, service -> answered(lab, service, "nic0"));
        assertEquals(1, run.stderrLines().stream().filter(line -> line.startsWith("[nicpin] WARN ")).count(),
                () -> "one warning, however many connections go unpinned\n" + run.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aMistypedAgentArgumentListsTheValidKeysAndNothingButLoopbackConnects(Jdk jdk, Lab lab) {
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + goodRules(lab) + ",onErorr=warn"));

        assertTrue(run.stderr().contains("agent argument 'onErorr=warn': unknown key 'onErorr';"
                + " valid keys: enabled, rules, mode, onError, log, unsafeRules"), run::describe);
        assertOutcomes(lab, run, service -> refused("nicpin: "));
        assertNothingSent(lab, before, run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theKillSwitchHooksNothingAndSaysSoOnce(Jdk jdk, Lab lab) {
        ProcessResult run = runSteps(jdk, lab, "-Dnicpin.enabled=false", AgentJar.option("rules=" + goodRules(lab)));

        assertEquals(List.of("[nicpin] disabled (enabled=false): nothing is hooked"), run.stderrLines(), run::describe);
        assertOutcomes(lab, run, service -> answered(lab, service, "nic0"));
    }

    /** The second copy has rules that would leave the service to the OS: traffic via nic1 shows the first copy rules. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aSecondJavaagentDoesNothingAndTheFirstPinsEachConnectionOnce(Jdk jdk, Lab lab) {
        Path rules = goodRules(lab);
        Path otherRules = RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " direct",
                text(lab.serviceAddress(IpFamily.V6)) + " direct");

        ProcessResult run = runSteps(jdk, lab, AgentJar.option("rules=" + rules + ",log=debug"),
                AgentJar.option("rules=" + otherRules));

        List<String> stderr = run.stderrLines();
        assertEquals(1, stderr.stream().filter(line -> line.startsWith("[nicpin] 2 rules from " + rules)).count(),
                run::describe);
        assertEquals(1, stderr.stream()
                .filter(line -> line.equals("[nicpin] already running in this JVM; this copy of the agent does nothing"))
                .count(), run::describe);
        assertOutcomes(lab, run, service -> answered(lab, service, "nic1"));
        // With log=debug the first copy logs each decision; a hook woven twice would decide twice.
        long decisions = stderr.stream().filter(line -> line.contains(" -> " + rules + ":")).count();
        assertEquals(TestApps.printed(serviceSteps(lab)).size(), decisions,
                () -> "one decision per connect or send to the service\n" + run.describe());
    }

    /** A rules file others may change decides nothing (under fail, nothing but loopback leaves), unless allowed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void aRulesFileOthersMayChangeIsRefusedUnlessTheOperatorAllowsIt(Jdk jdk, Lab lab) throws IOException {
        Path rules = Files.setPosixFilePermissions(goodRules(lab), PosixFilePermissions.fromString("rw-rw-rw-"));
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult refusing = runSteps(jdk, lab, AgentJar.option("rules=" + rules));

        assertTrue(refusing.stderr().contains("[nicpin] ERROR " + rules + " is invalid; until it is fixed, every"
                + " connection but loopback fails (onError=fail):\n" + CONTINUED + rules + ": unsafe: " + rules
                + " is writable by every user (mode 0666), who could change the rules; fix: chmod go-w " + rules
                + ", or give unsafeRules=allow\n"), refusing::describe);
        assertOutcomes(lab, refusing, service -> refused("nicpin: the rules in " + rules + " are invalid"));
        assertNothingSent(lab, before, refusing);

        ProcessResult allowed = runSteps(jdk, lab, AgentJar.option("rules=" + rules + ",unsafeRules=allow"));

        assertOutcomes(lab, allowed, service -> answered(lab, service, "nic1"));
    }

    private static Path goodRules(Lab lab) {
        return RuleFiles.write(goodRuleLines(lab));
    }

    private static String[] goodRuleLines(Lab lab) {
        return new String[] {text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " dev=nic1"};
    }

    /** A good first line, then three lines with an error each. */
    private static Path invalidRules(Lab lab) {
        return RuleFiles.write(text(lab.serviceAddress(IpFamily.V4)) + " dev=nic1",
                "10.0.0.0/33 dev=nic1",
                "db.internal dev=nic1",
                text(lab.serviceAddress(IpFamily.V6)) + " dev=nic1 direct");
    }

    private static void assertEveryErrorReported(Path rules, ProcessResult run) {
        List<String> errors = run.stderrLines().stream().filter(line -> line.startsWith(CONTINUED + rules + ":"))
                .map(line -> line.substring(CONTINUED.length())).toList();
        assertEquals(List.of(2, 3, 4), errors.stream().map(line -> lineNumber(rules, line)).toList(),
                () -> "each error of the rule file, each on its own line\n" + run.describe());
    }

    private static int lineNumber(Path rules, String error) {
        String afterFile = error.substring(rules.toString().length() + 1);
        return Integer.parseInt(afterFile.substring(0, afterFile.indexOf(':')));
    }

    /** To the service of each family: a TCP connect, an unconnected datagram, and a connected one. */
    private static List<String> serviceSteps(Lab lab) {
        String service4 = text(lab.serviceAddress(IpFamily.V4));
        String service6 = text(lab.serviceAddress(IpFamily.V6));
        return List.of("tcp:" + service4, "tcp:" + service6, "send:" + service4, "send:" + service6, "new",
                "connect:" + service4, "new", "connect:" + service6, "new");
    }

    /** The service steps, then the same to the test app's own responder on loopback. */
    private static List<String> steps(Lab lab) {
        List<String> steps = new ArrayList<>(serviceSteps(lab));
        steps.addAll(List.of("tcp:loopback", "send:loopback", "new", "connect:loopback"));
        return steps;
    }

    private static ProcessResult runSteps(Jdk jdk, Lab lab, String... jvmArgs) {
        return TestApps.socketSteps(lab.clientJvm(jdk).jvmArgs(jvmArgs), lab, steps(lab));
    }

    /** What a step's outcome must be. */
    private interface Expectation {
        void check(AppOutput.Line line, ProcessResult run);
    }

    /** Every loopback step answered by the app's responder; every service step as {@code forService} says. */
    private static void assertOutcomes(Lab lab, ProcessResult run, Function<InetAddress, Expectation> forService) {
        assertEquals(0, run.exitCode(), run::describe);
        List<AppOutput.Line> lines = AppOutput.parse(run.stdout());
        assertEquals(TestApps.printed(steps(lab)), lines.stream().map(AppOutput.Line::name).toList(), run::describe);
        assertAll(lines.stream().map(line -> () -> {
            String host = line.name().substring(line.name().indexOf(':') + 1);
            if (host.equals("loopback")) {
                assertEquals("loopback", line.outcome(), () -> "loopback is never refused, whatever the configuration;"
                        + " found " + line.text() + "\n" + run.describe());
            } else {
                forService.apply(address(host)).check(line, run);
            }
        }));
    }

    private static Expectation refused(String messageStart) {
        return (line, run) -> Refusals.assertRefused(line.outcome(), messageStart, run::describe);
    }

    private static Expectation answered(Lab lab, InetAddress service, String nic) {
        IpFamily family = service.equals(lab.serviceAddress(IpFamily.V4)) ? IpFamily.V4 : IpFamily.V6;
        Report expected = new Report(lab.clientAddress(nic, family), nic);
        return (line, run) -> assertEquals(expected, line.report(), () -> line.text() + "\n" + run.describe());
    }

    /** Refused means refused before anything was sent: not one packet to the service left, by either link. */
    private static void assertNothingSent(Lab lab, PacketCounters.Counts before, ProcessResult run) {
        PacketCounters.Counts sent = lab.counters().read().minus(before);
        assertEquals(0, sent.byCounter().values().stream().mapToLong(Long::longValue).sum(),
                () -> "packets to the service: " + sent + "\n" + run.describe());
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host, e);
        }
    }
}
