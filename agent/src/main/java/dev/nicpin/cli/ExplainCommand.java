package dev.nicpin.cli;

import dev.nicpin.rules.AddressLiteral;
import dev.nicpin.rules.Explanation;
import dev.nicpin.rules.NonGlobalRange;
import dev.nicpin.rules.Protocol;
import dev.nicpin.rules.Rule;
import dev.nicpin.rules.RuleTable;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code explain RULES ADDRESS [PORT] [tcp|udp]}: prints the rule that pins a connection and why
 * it beat the others, or that no rule applies. The address must be numeric: names are not
 * resolved, since the agent matches the address a connection actually goes to.
 */
final class ExplainCommand {
    private static final String ARGUMENTS = "RULES ADDRESS [PORT] [tcp|udp]";

    private ExplainCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2 || args.size() > 4) {
            return Cli.usageError("explain: expected " + ARGUMENTS + ", found " + args.size() + " arguments", err);
        }
        InetAddress address;
        try {
            address = AddressLiteral.parse(args.get(1));
        } catch (IllegalArgumentException e) {
            return Cli.error("explain: " + e.getMessage(), err);
        }
        int port = 0;
        Protocol protocol = null;
        for (String arg : args.subList(2, args.size())) {
            Protocol named = Protocol.parse(arg);
            int number = named == null ? port(arg) : 0;
            String problem = named == null && number == 0 ? "a port 1-65535, tcp or udp"
                    : named != null && protocol != null ? "one protocol"
                    : number != 0 && port != 0 ? "one port" : null;
            if (problem != null) {
                return Cli.error("explain: expected " + problem + ", found '" + arg + "'", err);
            }
            protocol = named != null ? named : protocol;
            port = number != 0 ? number : port;
        }
        RuleTable table = Cli.load(args.get(0), err);
        if (table == null) {
            return Cli.INVALID;
        }
        print(table.explain(address, port, protocol), port, protocol, out);
        return Cli.OK;
    }

    private static void print(Explanation explanation, int port, Protocol protocol, PrintStream out) {
        Rule winner = explanation.winner();
        if (winner == null) {
            out.println("no rule: the OS routes it");
        } else {
            String connection = explanation.address() + (port != 0 ? " port " + port : "")
                    + (protocol != null ? " " + protocol : "");
            out.println(connection + ": " + describe(winner));
            out.println("  why: " + explanation.whyWinner());
        }
        NonGlobalRange range = explanation.nonGlobalRange();
        if (range != null) {
            out.println("  " + explanation.address() + " is " + range + ", not global unicast: rules broader than "
                    + range.prefix() + " skip it");
        }
        for (Explanation.Entry other : explanation.others()) {
            out.println("  " + describe(other.rule()));
            out.println("    " + (other.lost() ? "lost: " : "skipped: ") + other.reason());
        }
    }

    private static String describe(Rule rule) {
        return rule.location() + "  " + rule;
    }

    /** A decimal port 1-65535, or 0. */
    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return 0;
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            port = port * 10 + c - '0';
        }
        return port <= 65535 ? port : 0;
    }
}
