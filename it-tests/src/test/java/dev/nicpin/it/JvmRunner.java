package dev.nicpin.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a JVM inside a network namespace ({@code ip netns exec NS JAVA_HOME/bin/java ...}) and
 * waits for it, within a time limit:
 *
 * <pre>
 * ProcessResult run = lab.clientJvm(jdk)
 *         .jvmArgs("-javaagent:" + agentJar + "=rules=" + rules)
 *         .environment("NICPIN_LOG", "debug")
 *         .timeout(Duration.ofSeconds(30))
 *         .runJar(demoJar, "10.77.9.1");
 * </pre>
 *
 * or starts it in the background, for a test that acts on it while it runs:
 *
 * <pre>
 * try (RunningJvm app = lab.clientJvm(jdk).startJar(demoJar, "--repeat", "100", "10.77.9.1")) {
 *     app.awaitStdout("# round 1 done"::equals, Duration.ofSeconds(30));
 *     ...
 * }
 * </pre>
 *
 * By default the JVM runs as root, as the test does; {@link #asUnprivilegedUser()} runs it as
 * a service account would, and {@link #hardenedHost} on a read-only root file system.
 */
public final class JvmRunner {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String namespace;
    private final Path javaHome;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private List<String> userSwitch = List.of();
    private final List<String> launcher = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;

    JvmRunner(String namespace, Path javaHome) {
        this.namespace = namespace;
        this.javaHome = javaHome;
    }

    /** Options for the JVM itself, before the main class or jar: -javaagent, -D, --add-opens... */
    public JvmRunner jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    /** A variable added to the environment the JVM inherits from the test. */
    public JvmRunner environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Runs the JVM as the user and group nobody (65534), with no capability at all, neither
     * effective nor inheritable nor in the bounding set. Whatever it reads (jars, rule files)
     * must be readable by everyone.
     */
    public JvmRunner asUnprivilegedUser() {
        userSwitch = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all");
        return this;
    }

    /**
     * Runs the JVM in a mount namespace of its own where the host is hardened as {@code host}
     * says, in {@code host}'s working directory (so every path given must be absolute), with
     * {@code host}'s {@code java.io.tmpdir}. The JVM does not start, and its exit status is
     * {@link HardenedHost#NOT_SIMULATED}, unless the namespace is as {@code host} says.
     */
    public JvmRunner hardenedHost(HardenedHost host) {
        return execThrough(host.command()).jvmArgs("-Djava.io.tmpdir=" + host.javaTmpdir());
    }

    /**
     * Starts the JVM through a command that execs its arguments in its own place, as {@code setpriv}
     * does: for a mount namespace of its own, or for what ProcessBuilder cannot pass, such as bytes
     * that are not text in an argument or a variable. Launchers run in the order given, as root,
     * before {@link #asUnprivilegedUser}'s switch.
     */
    public JvmRunner execThrough(List<String> command) {
        launcher.addAll(command);
        return this;
    }

    /** How long {@code run...} waits for the JVM to exit before it kills it. */
    public JvmRunner timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    public ProcessResult runJar(Path jar, String... programArgs) {
        return Processes.run(command(jarEntryPoint(jar), programArgs), environment, timeout);
    }

    public ProcessResult runMain(String classpath, String mainClass, String... programArgs) {
        return Processes.run(command(List.of("-cp", classpath, mainClass), programArgs), environment, timeout);
    }

    /** Starts the JVM in the background, to run until {@link RunningJvm#stop()}: no {@link #timeout}. */
    public RunningJvm startJar(Path jar, String... programArgs) {
        return RunningJvm.start(command(jarEntryPoint(jar), programArgs), environment);
    }

    /** Starts the JVM in the background, to run until {@link RunningJvm#stop()}: no {@link #timeout}. */
    public RunningJvm startMain(String classpath, String mainClass, String... programArgs) {
        return RunningJvm.start(command(List.of("-cp", classpath, mainClass), programArgs), environment);
    }

    private static List<String> jarEntryPoint(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it first");
        }
        return List.of("-jar", jar.toString());
    }

    /**
     * {@code ip netns exec}, the {@link #execThrough} launchers and {@code setpriv} each exec the
     * next command in place, so the process this command starts becomes the JVM, pid and all.
     */
    private List<String> command(List<String> entryPoint, String... programArgs) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(launcher);
        command.addAll(userSwitch);
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmArgs);
        command.addAll(entryPoint);
        command.addAll(Arrays.asList(programArgs));
        return command;
    }
}
