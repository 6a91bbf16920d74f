package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the agent, the JVM prints nothing the user did not ask for: its standard error holds
 * nothing but nicpin's own {@code [nicpin]} lines (no CDS "Sharing is only supported for boot
 * loader classes...", no sun.misc.Unsafe or restricted-method warning, no illegal-access
 * warning), and its standard output nothing but the app's (the JVM's unified logging prints
 * its warnings there). Every socket path of the demo app runs, and is pinned, so the agent
 * really did all it does at start-up and at the first sockets.
 */
@ExtendWith(LabExtension.class)
class NoJvmWarningsTest {

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theClientPrintsNothingButNicpinLinesAndItsOwnOutput(Jdk jdk, Lab lab) {
        String service = text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");

        ProcessResult run = lab.clientJvm(jdk)
                .jvmArgs(AgentJar.option("rules=" + rules))
                .runJar(Build.demoJar(), service);

        assertEquals(0, run.exitCode(), run::describe);
        List<String> stderr = run.stderrLines();
        assertTrue(stderr.stream().anyMatch(line -> line.startsWith("[nicpin] ")
                && line.contains(" from " + rules + ",")), () -> "the agent must have started\n" + run.describe());
        assertAll(stderr.stream().map(line -> () -> assertTrue(line.startsWith("[nicpin] ") && !line.contains(" WARN ")
                && !line.contains(" ERROR "), () -> "not a line nicpin's start-up should print: " + line)));
        Report viaNic1 = new Report(lab.clientAddress("nic1", IpFamily.V4), "nic1");
        assertAll(DemoOutput.parse(run.stdout()).stream()   // parse throws on any line that is not the app's
                .map(line -> () -> ExpectedOutcome.onJdk(jdk, line.path(), answered(viaNic1)).check(line)));
    }
}
