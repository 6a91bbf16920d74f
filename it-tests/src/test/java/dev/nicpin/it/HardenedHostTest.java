package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.HardenedHost.Access;
import dev.nicpin.it.apps.JnrPosixLoad;
import dev.nicpin.lab.Report;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a host hardened as containers with {@code readOnlyRootFilesystem} are ({@link HardenedHost}:
 * a read-only root file system and working directory, {@code /tmp} mounted noexec), where a
 * native library extracted at run time cannot load (jnr's could not: DESIGN.md section 5),
 * every action pins as anywhere else, on the wire, and nicpin writes no file, neither into the
 * working directory (when it is writable) nor into {@code java.io.tmpdir}. Attach works there
 * while {@code /tmp} is writable; on a read-only {@code /tmp} it cannot, and says what to mount.
 */
@ExtendWith(LabExtension.class)
class HardenedHostTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Where jnr-posix and what it needs at run time live in a Maven repository. */
    private static final List<String> JNR_POSIX_GROUPS = List.of("/com/github/jnr/", "/org/ow2/asm/");

    /** In {@code /tmp} (the test JVM's {@code java.io.tmpdir}), so noexec in the hardened namespace. */
    @TempDir
    static Path directories;

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    /**
     * The demo app, every JDK socket path, with a rule per port: between the two runs of a family
     * each of {@code dev=}, {@code mark=} and {@code src=} pins TCP and each of {@code dev=} and
     * {@code mark=} pins UDP (connected: {@code SO_BINDTOIFINDEX}; unconnected: {@code IP_UNICAST_IF}),
     * once with a writable working directory and once with a read-only one. The two families run
     * side by side: each has counters of its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyActionPinsAndNothingIsWritten(Jdk jdk, Lab lab) {
        jdk.requireInstalled();   // here, where a JDK that is not there skips the test
        CompletableFuture<Void> v6 = CompletableFuture.runAsync(() -> runBoth(lab, jdk, IpFamily.V6));
        // Both, always: a lane still running would count packets into the next test's.
        assertAll(() -> runBoth(lab, jdk, IpFamily.V4), () -> {
            try {
                v6.join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        });
    }

    private static void runBoth(Lab lab, Jdk jdk, IpFamily family) {
        pinsAndWritesNothing(lab, jdk, family, Access.WRITABLE, PinAction.DEV, PinAction.MARK, PinAction.SRC);
        pinsAndWritesNothing(lab, jdk, family, Access.READ_ONLY, PinAction.SRC, PinAction.DEV, PinAction.MARK);
    }

    private static void pinsAndWritesNothing(Lab lab, Jdk jdk, IpFamily family, Access workingDirectory,
                                             PinAction tcp, PinAction udp, PinAction http) {
        String service = Report.text(lab.serviceAddress(family));
        Path rules = RuleFiles.write(
                service + " proto=tcp port=" + lab.tcpPort() + " " + tcp.words(lab, family),
                service + " proto=udp " + udp.words(lab, family),
                service + " proto=tcp port=" + lab.httpPort() + " " + http.words(lab, family));
        HardenedHost host = HardenedHost.in(directories, workingDirectory);

        AgentDemoRun run = AgentDemoRun.run(lab, lab.clientJvm(jdk).hardenedHost(host).jvmArgs(AgentJar.option("rules=" + rules)), family);

        Report viaNic1 = new Report(lab.clientAddress("nic1", family), "nic1");
        ExpectedPaths.byTransport(jdk, transport -> answered(viaNic1)).assertMetBy(run, family);
        SharedStderr.assertNicpinOnlyStarted(run.process(), rules);
        assertEquals(List.of(), SharedStderr.others(run.process()), run.process()::describe);
        host.assertNothingWritten(run::describe);
    }

    /**
     * The simulation is the hostile host it claims to be: jnr-posix, loaded as nicpin once loaded
     * it, cannot load its native stub with a read-only working directory, and with a writable one
     * it loads only by writing the stub there. Either way it tried {@code java.io.tmpdir} first,
     * and {@link HardenedHost#assertNothingWritten} sees that, although jffi deletes its files.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void aNativeStubExtractedAtRunTimeCannotLoadOrIsSeenWritten(Jdk jdk, Lab lab) {
        String classpath = TestApps.classpath() + File.pathSeparator
                + String.join(File.pathSeparator, TestApps.testClasspathJars(JNR_POSIX_GROUPS));
        HardenedHost readOnly = HardenedHost.in(directories, Access.READ_ONLY);
        HardenedHost writable = HardenedHost.in(directories, Access.WRITABLE);

        ProcessResult refused = lab.clientJvm(jdk).hardenedHost(readOnly).runMain(classpath, JnrPosixLoad.class.getName());
        ProcessResult written = lab.clientJvm(jdk).hardenedHost(writable).runMain(classpath, JnrPosixLoad.class.getName());

        assertEquals(0, refused.exitCode(), refused::describe);
        assertTrue(refused.stdout().startsWith("jnr-posix FAILED: ") && refused.stdout().contains("jffi binary stub")
                && refused.stdout().contains("Read-only file system"), refused::describe);
        assertTrue(assertThrows(AssertionError.class, () -> readOnly.assertNothingWritten(refused::describe))
                .getMessage().contains(" java.io.tmpdir\n"), refused::describe);
        assertEquals(0, written.exitCode(), written::describe);
        assertEquals("jnr-posix loaded\n", written.stdout(), written::describe);
        assertTrue(assertThrows(AssertionError.class, () -> writable.assertNothingWritten(written::describe))
                .getMessage().contains(" the working directory\n"), written::describe);
    }

    /**
     * Attach, run beside the JVM as in its container: HotSpot's attach socket goes into
     * {@code /tmp}, which may be noexec, and the attach file into the working directory, or
     * {@code /tmp} when that is read-only.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachWorksWithAWritableNoexecTmp(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        HardenedHost host = HardenedHost.in(directories, Access.READ_ONLY);
        try (RunningJvm app = TestApps.connectLoop(lab.clientJvm(jdk).hardenedHost(host), lab, 100)) {
            app.awaitStdout(line -> true, 5, PATIENCE);

            ProcessResult attach = AgentCli.runBeside(app.pid(), "attach", String.valueOf(app.pid()), "rules=" + rules);
            int before = app.stdoutLineCount();
            app.awaitStdout(line -> true, before + 20, PATIENCE);
            ProcessResult run = app.stop();

            assertEquals(0, attach.exitCode(), attach::describe);
            List<String> lines = run.stdout().lines().toList();
            assertAll(lines.subList(0, 5).stream().map(line -> () -> assertEquals("nic0", Report.parse(line).nic(), line)));
            assertAll(lines.subList(before + 1, before + 20).stream()
                    .map(line -> () -> assertEquals("nic1", Report.parse(line).nic(), run::describe)));
            assertTrue(run.stderrLines().stream().filter(line -> line.startsWith("[nicpin] "))
                    .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ")), run::describe);
            host.assertNothingWritten(run::describe);
        }
    }

    /** On a read-only {@code /tmp} HotSpot cannot make its attach socket: attach says so, and what to mount. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void attachOnAReadOnlyTmpSaysWhatToMount(Jdk jdk, Lab lab) {
        String service = Report.text(lab.serviceAddress(IpFamily.V4));
        Path rules = RuleFiles.write(service + " dev=nic1");
        HardenedHost host = HardenedHost.in(directories, Access.READ_ONLY).withReadOnlyTmp();
        try (RunningJvm app = TestApps.connectLoop(lab.clientJvm(jdk).hardenedHost(host), lab, 100)) {
            app.awaitStdout(line -> true, 5, PATIENCE);

            ProcessResult attach = AgentCli.runBeside(app.pid(), "attach", String.valueOf(app.pid()), "rules=" + rules);
            ProcessResult run = app.stop();

            assertEquals(1, attach.exitCode(), attach::describe);
            assertEquals("nicpin: cannot attach to JVM " + app.pid() + ": its /tmp is not writable, and the JDK's attach"
                    + " mechanism needs to create a socket there. Give that JVM a writable /tmp (noexec will do; in a"
                    + " container, mount an emptyDir or tmpfs volume at /tmp), or load nicpin at its start with"
                    + " -javaagent. The attach API said: java.io.IOException: Read-only file system\n",
                    attach.stderr(), attach::describe);
            assertEquals("", run.stderr(), "nothing was loaded");
        }
    }
}
