package dev.nicpin.rules;

import java.util.List;

/**
 * Finds rules that tie: same destination, same rank (port or not, protocol or not), same protocol
 * and overlapping port ranges (or no ports). For a connection both match, nothing would decide
 * between them, so each tie is an error naming both lines.
 */
final class Ties {
    private Ties() {
    }

    /** Reports ties among rules sorted in {@link TrieOrder#ORDER}, where tying rules are adjacent. */
    static void report(Rule[] sorted, List<RuleError> errors) {
        int groupStart = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i < sorted.length && sameGroup(sorted[groupStart], sorted[i])) {
                continue;
            }
            reportGroup(sorted, groupStart, i, errors);
            groupStart = i;
        }
    }

    private static boolean sameGroup(Rule a, Rule b) {
        return a.destination().sameAs(b.destination())
                && Specificity.rank(a) == Specificity.rank(b)
                && a.protocol() == b.protocol();
    }

    /** In a group sorted by first port, a rule overlaps an earlier one iff it starts before the farthest end yet. */
    private static void reportGroup(Rule[] group, int from, int to, List<RuleError> errors) {
        Rule reach = group[from];
        for (int i = from + 1; i < to; i++) {
            Rule rule = group[i];
            if (!rule.hasPort() || rule.portFrom() <= reach.portTo()) {
                errors.add(tie(rule, reach));
            }
            if (rule.portTo() > reach.portTo()) {
                reach = rule;
            }
        }
    }

    private static RuleError tie(Rule a, Rule b) {
        Rule earlier = a.line() < b.line() ? a : b;
        Rule later = earlier == a ? b : a;
        StringBuilder why = new StringBuilder("rule ties with ").append(earlier.location())
                .append(": same destination ").append(later.destination());
        if (later.hasPort()) {
            why.append(", overlapping ports ").append(ports(earlier)).append(" and ").append(ports(later));
        }
        if (later.protocol() != null) {
            why.append(", both proto=").append(later.protocol());
        }
        if (!later.hasPort() || later.protocol() == null) {
            why.append(later.hasPort() ? ", neither has a protocol"
                    : later.protocol() != null ? ", neither has a port" : ", neither has a port or protocol");
        }
        return new RuleError(later.file(), later.line(), 1, why.append("; make one more specific or remove one")
                .toString());
    }

    private static String ports(Rule rule) {
        return rule.portFrom() == rule.portTo() ? Integer.toString(rule.portFrom())
                : rule.portFrom() + "-" + rule.portTo();
    }
}
