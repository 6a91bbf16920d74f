package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.apps.ConnectLoop;
import dev.nicpin.lab.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JVM in the background ({@link RunningJvm}), running {@link ConnectLoop}, on the build's JDK. */
@ExtendWith(LabExtension.class)
class RunningJvmTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int PER_SECOND = 20;

    /** Its pid is the JVM's own, as root or not; its output arrives while it runs; stop ends it. */
    @ParameterizedTest(name = "unprivileged: {0}")
    @ValueSource(booleans = {false, true})
    void theProcessStartedIsTheJvmWhichConnectsAtItsPaceUntilStopped(boolean unprivileged, Lab lab)
            throws IOException {
        JvmRunner runner = lab.clientJvm(Build.testJavaHome());
        if (unprivileged) {
            runner.asUnprivilegedUser();
        }
        long start = System.nanoTime();
        try (RunningJvm loop = TestApps.connectLoop(runner, lab, PER_SECOND)) {
            List<String> answers = loop.awaitStdout(line -> true, 10, TIMEOUT);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            String viaNic0 = new Report(lab.clientAddress("nic0", IpFamily.V4), "nic0").toString();
            assertEquals(Collections.nCopies(answers.size(), viaNic0), answers, loop::stdout);
            assertTrue(elapsed.toMillis() >= 9 * 1000 / PER_SECOND,
                    () -> "10 connections at " + PER_SECOND + " a second take 9 intervals at least, not " + elapsed);
            ProcessHandle.Info jvm = ProcessHandle.of(loop.pid()).orElseThrow().info();
            assertEquals(Build.testJavaHome().resolve("bin/java").toRealPath(), Path.of(jvm.command().orElseThrow()));
            assertEquals(unprivileged ? "nobody" : "root", jvm.user().orElseThrow());

            ProcessResult stopped = loop.stop();
            assertFalse(ProcessHandle.of(loop.pid()).isPresent(), stopped::describe);
            assertEquals(143, stopped.exitCode(), stopped::describe);
            assertTrue(stopped.stderr().isEmpty(), stopped::describe);
        }
    }

    @Test
    void anAwaitForOutputAJvmThatExitedNeverPrintedFailsWithAllItPrinted(Lab lab) {
        try (RunningJvm jvm = lab.clientJvm(Build.testJavaHome()).startMain(TestApps.classpath(), "NoSuchApp")) {
            AssertionError failure = assertThrows(AssertionError.class, () -> jvm.awaitStdout(line -> true, TIMEOUT));

            assertTrue(failure.getMessage().contains("found 0 before the JVM exited"), failure::getMessage);
            assertTrue(failure.getMessage().contains("Could not find or load main class NoSuchApp"), failure::getMessage);
        }
    }
}
