package dev.nicpin.cli;

import dev.nicpin.agent.NicpinAgent;
import dev.nicpin.config.AgentConfig;
import dev.nicpin.config.ConfigException;
import dev.nicpin.config.Key;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleFileSafety;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code attach PID [AGENT_ARGUMENTS]}: loads the agent into a running JVM, as
 * {@code -javaagent} would have at its start. The configuration the agent would see there (these
 * arguments, that JVM's {@code nicpin.*} properties and {@code NICPIN_*} variables) and its rules
 * file are checked here first, so that a typo never reaches the JVM, where under
 * {@code onError=fail} it would stop every connection but loopback.
 */
final class AttachCommand {
    private AttachCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() > 2 || !Cli.isPid(args.get(0))) {
            return Cli.usageError("attach: expected PID [AGENT_ARGUMENTS], found " + String.join(" ", args), err);
        }
        String pid = args.get(0);
        String arguments = args.size() == 2 ? absoluteRules(args.get(1)) : "";
        List<String> problems = AgentConfig.problemsOf(arguments);
        if (!problems.isEmpty()) {
            return Cli.error("attach: invalid agent arguments, nothing loaded:\n" + String.join("\n", problems), err);
        }
        String given = AgentConfig.argument(arguments, Key.RULES);
        if (given != null && Cli.load(given, err) == null) {
            return Cli.error("attach: " + given + " is invalid (above), nothing loaded", err);
        }
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            Properties properties = jvm.systemProperties();
            String running = properties.getProperty(NicpinAgent.RUNNING_PROPERTY);
            if (running != null) {
                out.println("nicpin " + running + " is already running in JVM " + pid + "; nothing done");
                return Cli.OK;
            }
            // What the agent will see there: these arguments, that JVM's nicpin.* properties and NICPIN_* variables.
            AgentConfig config;
            try {
                config = AgentConfig.resolve(arguments, properties, environmentOf(pid));
            } catch (ConfigException e) {
                return Cli.error("attach: nicpin's configuration in JVM " + pid + " would be invalid, nothing loaded:\n"
                        + e.getMessage(), err);
            }
            if (config.enabled()) {
                Path rules = Paths.get(properties.getProperty("user.dir", "")).resolve(config.rules());
                if (given == null && Cli.load(rules.toString(), err) == null) {
                    return Cli.error("attach: " + rules + " is invalid (above), nothing loaded", err);
                }
                if (!config.allowUnsafeRules()) {
                    try {
                        RuleFileSafety.check(rules, Paths.get("/proc", pid)); // as that JVM's user would
                    } catch (RuleFileException e) {
                        return Cli.error("attach: JVM " + pid + " would refuse its rules, nothing loaded:\n"
                                + e.getMessage(), err);
                    }
                }
            }
            String problem = jvm.loadAgent(agentJar(), arguments);
            if (jvm.systemProperties().getProperty(NicpinAgent.RUNNING_PROPERTY) == null) {
                return Cli.fail("the agent did not start in JVM " + pid + (problem == null ? "" : ": " + problem)
                        + "; that JVM's log (standard error) says why", err);
            }
            out.println("nicpin loaded into JVM " + pid + (arguments.isEmpty() ? "" : " with " + arguments)
                    + "; its start-up line is in that JVM's log (standard error)");
            return Cli.OK;
        } catch (TargetJvm.Unreachable e) {
            return Cli.fail(e.getMessage(), err);
        }
    }

    /** Its environment, as Linux shows it to its user and root; empty if unreadable (its NICPIN_* then unknown). */
    private static Map<String, String> environmentOf(String pid) {
        Map<String, String> environment = new HashMap<>();
        try {
            byte[] all = Files.readAllBytes(Paths.get("/proc", pid, "environ"));
            for (String entry : new String(all, StandardCharsets.UTF_8).split("\0")) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            // Then only the arguments and that JVM's properties are checked; the agent says the rest in its log.
        }
        return environment;
    }

    /** A relative rules path is the operator's, relative to where attach runs, not to the JVM's working directory. */
    private static String absoluteRules(String arguments) {
        return AgentConfig.rewriteArgument(arguments, Key.RULES, value -> {
            try {
                return value.isEmpty() ? value : Paths.get(value).toAbsolutePath().normalize().toString();
            } catch (InvalidPathException e) {
                return value; // not a path here: the check of the arguments says why
            }
        });
    }

    private static String agentJar() throws TargetJvm.Unreachable {
        try {
            File jar = new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.isFile()) {
                throw new TargetJvm.Unreachable("attach runs from " + jar + ", not from nicpin-agent.jar");
            }
            return jar.getAbsolutePath();
        } catch (URISyntaxException e) {
            throw new TargetJvm.Unreachable("cannot tell where nicpin-agent.jar is: " + e.getMessage());
        }
    }
}
