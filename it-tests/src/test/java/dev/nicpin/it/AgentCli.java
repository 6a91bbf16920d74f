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
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.clientNamespace(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AgentJar.path().toString()));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), TIMEOUT);
    }
}
