package dev.nicpin.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The agent jar under test, as the build left it (Surefire passes its path, see the module's pom.xml). */
final class AgentJar {

    private AgentJar() {
    }

    static Path path() {
        Path jar = Path.of(System.getProperty("nicpin.agent.jar", "../agent/target/nicpin-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build it first");
        }
        return jar;
    }

    /** {@code -javaagent:JAR=ARGUMENTS}, e.g. {@code option("rules=/tmp/r.conf,mode=audit")}. */
    static String option(String arguments) {
        return "-javaagent:" + path() + "=" + arguments;
    }
}
