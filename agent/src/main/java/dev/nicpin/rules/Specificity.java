package dev.nicpin.rules;

import java.util.Comparator;

/**
 * The precedence among rules that all match a connection, like a routing table: the longest
 * prefix wins; on equal prefixes a rule with a port beats one without, then one with a protocol
 * beats one without. Rules left equal by all three are ties, which the parser rejects.
 */
final class Specificity {
    /** Most specific first; rules that match the same connection never compare equal. */
    static final Comparator<Rule> MOST_SPECIFIC_FIRST = new Comparator<Rule>() {
        @Override
        public int compare(Rule a, Rule b) {
            int byLength = Integer.compare(b.destination().length(), a.destination().length());
            return byLength != 0 ? byLength : Integer.compare(rank(a), rank(b));
        }
    };

    private Specificity() {
    }

    /** Among rules of one prefix: 0 port and protocol, 1 port, 2 protocol, 3 neither (lower wins). */
    static int rank(Rule rule) {
        return (rule.hasPort() ? 0 : 2) + (rule.protocol() != null ? 0 : 1);
    }

    /** Why {@code winner} beats {@code loser}, e.g. {@code longest prefix: /24 over /16 (rules.conf:1)}. */
    static String whyWins(Rule winner, Rule loser) {
        return criterion(winner, loser) + " (" + loser.location() + ")";
    }

    /** Why {@code loser} loses to {@code winner}, e.g. {@code shorter prefix than rules.conf:2 (/16 < /24)}. */
    static String whyLoses(Rule loser, Rule winner) {
        String against = winner.location();
        if (loser.destination().length() != winner.destination().length()) {
            return "shorter prefix than " + against + " (/" + loser.destination().length() + " < /"
                    + winner.destination().length() + ")";
        }
        if (loser.hasPort() != winner.hasPort()) {
            return "no port qualifier, " + against + " has one";
        }
        return "no protocol qualifier, " + against + " has one";
    }

    private static String criterion(Rule winner, Rule loser) {
        if (winner.destination().length() != loser.destination().length()) {
            return "longest prefix: /" + winner.destination().length() + " over /" + loser.destination().length();
        }
        return winner.hasPort() != loser.hasPort() ? "port qualifier over none" : "protocol qualifier over none";
    }
}
