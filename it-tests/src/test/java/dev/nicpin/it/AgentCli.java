package dev.nicpin.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar nicpin-agent.jar COMMAND ...}, run by the test's own JDK in the lab's client
 * namespace, as an operator runs it inside the application's container: status and reload reach
 * the JVM's JMX agent on its loopback.
 */
final class AgentCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AgentCli() {
    }

    static ProcessResult run(Lab lab, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.clientNamespace()));
        command.addAll(command(args));
        return Processes.run(command, Map.of(), TIMEOUT);
    }

    /**
     * In the mount and network namespaces of the JVM {@code pid}, as an operator runs it with
     * {@code kubectl exec} in the application's container: on its file systems, such as a
     * {@link HardenedHost}'s.
     */
    static ProcessResult runBeside(long pid, String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", String.valueOf(pid), "--mount", "--net"));
        command.addAll(command(args));
        return Processes.run(command, Map.of(), TIMEOUT);
    }

    /** In the test's own network namespace: another loopback than the lab's JVMs have. */
    static ProcessResult runOutsideTheLab(String... args) {
        return Processes.run(command(args), Map.of(), TIMEOUT);
    }

    /** As {@link #runOutsideTheLab}, through a command that execs its arguments (see {@link JvmRunner#execThrough}). */
    static ProcessResult runOutsideTheLabThrough(List<String> launcher, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(command(args));
        return Processes.run(command, Map.of(), TIMEOUT);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AgentJar.path().toString()));
        command.addAll(List.of(args));
        return command;
    }
}
