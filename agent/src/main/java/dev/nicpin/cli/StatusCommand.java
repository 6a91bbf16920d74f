package dev.nicpin.cli;

import dev.nicpin.agent.AgentMXBean;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code status PID}: what nicpin does in a running JVM, read from its MBean ({@link RunningAgent}). */
final class StatusCommand {
    private StatusCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || !Cli.isPid(args.get(0))) {
            return Cli.usageError("status: expected PID, found " + String.join(" ", args), err);
        }
        String pid = args.get(0);
        return RunningAgent.use(pid, err, agent -> {
            print(pid, agent, out);
            return Cli.OK;
        });
    }

    private static void print(String pid, AgentMXBean agent, PrintStream out) {
        out.println("nicpin " + agent.getVersion() + " in JVM " + pid);
        out.println(line("rules file", agent.getRulesFile()));
        String loadedAt = agent.getLoadedAt();
        out.println(line("rules in force", agent.getRuleCount() + (loadedAt.isEmpty() ? " (none loaded)"
                : ", loaded at " + loadedAt)));
        out.println(line("mode", agent.getMode() + ", onError=" + agent.getOnError()));
        out.println(line("seen", String.valueOf(agent.getSeen())));
        out.println(line("pinned", String.valueOf(agent.getPinned())));
        out.println(line("left to the OS", String.valueOf(agent.getLeftToOs())));
        out.println(line("failed", agent.getFailed() + joined(" (", agent.getFailedByReason(), ")")));
        Map<String, Long> hitsPerRule = agent.getHitsPerRule();
        out.println("hits per rule:" + (hitsPerRule.isEmpty() ? " none" : ""));
        for (Map.Entry<String, Long> hits : hitsPerRule.entrySet()) {
            out.println("  " + hits.getValue() + "  " + hits.getKey());
        }
        String error = agent.getLastReloadError();
        out.println(line("last read", error.isEmpty() ? "valid" : "invalid:"));
        for (String errorLine : error.isEmpty() ? new String[0] : error.split("\n")) {
            out.println("  " + errorLine);
        }
    }

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "%-16s%s", label + ":", value);
    }

    private static String joined(String before, Map<String, Long> counts, String after) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(before);
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            text.append(text.length() == before.length() ? "" : ", ").append(count.getKey()).append(' ').append(count.getValue());
        }
        return text.append(after).toString();
    }
}
