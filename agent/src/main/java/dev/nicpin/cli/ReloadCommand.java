package dev.nicpin.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code reload PID}: has nicpin in a running JVM read its rules file now, through the MBean's
 * {@code reload()}, and prints what happened. For files whose changes the agent cannot see, such
 * as one on a network file system changed by another host.
 */
final class ReloadCommand {
    private ReloadCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || !Cli.isPid(args.get(0))) {
            return Cli.usageError("reload: expected PID, found " + String.join(" ", args), err);
        }
        return RunningAgent.use(args.get(0), err, agent -> {
            String outcome = agent.reload();
            if (outcome.startsWith("invalid")) {
                err.println(outcome);
                return Cli.INVALID;
            }
            if (outcome.startsWith("nothing to reload")) {
                return Cli.fail(outcome, err);
            }
            out.println(outcome);
            return Cli.OK;
        });
    }
}
