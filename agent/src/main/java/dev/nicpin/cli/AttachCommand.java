package dev.nicpin.cli;

import dev.nicpin.agent.NicpinAgent;
import dev.nicpin.config.AgentConfig;
import dev.nicpin.config.Key;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code attach PID [AGENT_ARGUMENTS]}: loads the agent into a running JVM, as
 * {@code -javaagent} would have at its start. The arguments and the rules file are checked here
 * first, so that a typo never reaches the JVM, where under {@code onError=fail} it would stop
 * every connection but loopback.
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
        String rules = AgentConfig.argument(arguments, Key.RULES);
        if (rules != null && Cli.load(rules, err) == null) {
            return Cli.error("attach: " + rules + " is invalid (above), nothing loaded", err);
        }
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            String running = jvm.systemProperties().getProperty(NicpinAgent.RUNNING_PROPERTY);
            if (running != null) {
                out.println("nicpin " + running + " is already running in JVM " + pid + "; nothing done");
                return Cli.OK;
            }
            String problem = jvm.loadAgent(agentJar(), arguments);
            if (jvm.systemProperties().getProperty(NicpinAgent.RUNNING_PROPERTY) == null) {
                return Cli.fail("the agent did not start in JVM " + pid + (problem == null ? "" : ": " + problem)
                        + "; that JVM's log (standard error) says why", err);
            }
            out.println("nicpin loaded into JVM " + pid + (arguments.isEmpty() ? "" : " with " + arguments)
                    + "; its start-up line is in that JVM's log (standard error)"
                    + (rules == null ? "; no rules= given: its nicpin.rules property or NICPIN_RULES variable names the rules" : ""));
            return Cli.OK;
        } catch (TargetJvm.Unreachable e) {
            return Cli.fail(e.getMessage(), err);
        }
    }

    /** A relative rules path is the operator's, relative to where attach runs, not to the JVM's working directory. */
    private static String absoluteRules(String arguments) {
        String rules = AgentConfig.argument(arguments, Key.RULES);
        if (rules == null || Paths.get(rules).isAbsolute()) {
            return arguments;
        }
        return arguments.replace(Key.RULES.argumentName() + "=" + rules,
                Key.RULES.argumentName() + "=" + Paths.get(rules).toAbsolutePath());
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
