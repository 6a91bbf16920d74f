package dev.nicpin.cli;

import dev.nicpin.rules.Rule;
import dev.nicpin.rules.RuleTable;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code check RULES}: validates a rule file and prints a summary. An interface this host lacks
 * is only a warning: the rules may be meant for another host.
 */
final class CheckCommand {
    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            return Cli.usageError("check: expected RULES, found " + args.size() + " arguments", err);
        }
        RuleTable table = Cli.load(args.get(0), err);
        if (table == null) {
            return Cli.INVALID;
        }
        int ipv4 = 0;
        Map<String, Rule> firstUseOfDevice = new TreeMap<>();
        for (Rule rule : table.rules()) {
            ipv4 += rule.destination().isIpv4() ? 1 : 0;
            if (rule.device() != null && !firstUseOfDevice.containsKey(rule.device())) {
                firstUseOfDevice.put(rule.device(), rule);
            }
        }
        StringBuilder summary = new StringBuilder(args.get(0)).append(": ").append(table.size())
                .append(table.size() == 1 ? " rule (" : " rules (").append(ipv4).append(" IPv4, ")
                .append(table.size() - ipv4).append(" IPv6)");
        if (!firstUseOfDevice.isEmpty()) {
            summary.append(", interfaces: ").append(String.join(", ", firstUseOfDevice.keySet()));
        }
        out.println(summary);
        warnAboutMissingInterfaces(firstUseOfDevice, err);
        return Cli.OK;
    }

    private static void warnAboutMissingInterfaces(Map<String, Rule> firstUseOfDevice, PrintStream err) {
        for (Map.Entry<String, Rule> use : firstUseOfDevice.entrySet()) {
            try {
                if (NetworkInterface.getByName(use.getKey()) == null) {
                    err.println("WARNING: " + use.getValue().location() + ": dev=" + use.getKey()
                            + ": this host has no such interface (fine if the rules are meant for another host)");
                }
            } catch (SocketException e) {
                err.println("WARNING: cannot list this host's interfaces: " + e.getMessage());
                return;
            }
        }
    }
}
