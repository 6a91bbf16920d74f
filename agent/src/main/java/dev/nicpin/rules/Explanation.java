package dev.nicpin.rules;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Why a rule wins for a connection, for people ({@code nicpin explain}): every rule whose
 * destination contains the address, each either the winner, a loser (it matched, but another is
 * more specific) or skipped (its qualifiers do not match, or the address is not global unicast and
 * the rule is broader than its range). Built by a linear scan, so it is slow and off the hot path.
 */
public final class Explanation {
    private static final Comparator<Rule> MOST_SPECIFIC_THEN_LINE = new Comparator<Rule>() {
        @Override
        public int compare(Rule a, Rule b) {
            int bySpecificity = Specificity.MOST_SPECIFIC_FIRST.compare(a, b);
            return bySpecificity != 0 ? bySpecificity : Integer.compare(a.line(), b.line());
        }
    };

    private final String address;
    private final NonGlobalRange range;
    private final Rule winner;
    private final String whyWinner;
    private final List<Entry> others = new ArrayList<>();

    Explanation(List<Rule> rules, InetAddress inetAddress, int port, Protocol protocol) {
        byte[] bytes = inetAddress.getAddress();
        long hi = bytes.length == 4 ? (Bytes.intAt(bytes, 0) & 0xFFFFFFFFL) << 32 : Bytes.longAt(bytes, 0);
        long lo = bytes.length == 4 ? 0 : Bytes.longAt(bytes, 8);
        boolean ipv4 = bytes.length == 4 || hi == 0 && lo >>> 32 == 0xFFFFL;
        if (bytes.length == 16 && ipv4) {
            hi = lo << 32;
            lo = 0;
        }
        address = ipv4 ? AddressFormat.ipv4((int) (hi >>> 32)) : AddressFormat.ipv6(hi, lo);
        range = ipv4 ? NonGlobalRange.ofIpv4((int) (hi >>> 32)) : NonGlobalRange.ofIpv6(hi, lo);
        List<Rule> applicable = new ArrayList<>();
        List<Rule> considered = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.destination().isIpv4() == ipv4 && rule.destination().contains(hi, lo)) {
                considered.add(rule);
                if (whySkipped(rule, port, protocol) == null) {
                    applicable.add(rule);
                }
            }
        }
        Collections.sort(applicable, MOST_SPECIFIC_THEN_LINE);
        Collections.sort(considered, MOST_SPECIFIC_THEN_LINE);
        winner = applicable.isEmpty() ? null : applicable.get(0);
        whyWinner = winner == null ? null
                : applicable.size() == 1 ? "the only rule that applies"
                : Specificity.whyWins(winner, applicable.get(1));
        for (Rule rule : considered) {
            String skipped = whySkipped(rule, port, protocol);
            if (rule != winner) {
                String reason = skipped == null ? Specificity.whyLoses(rule, winner) : skipped;
                others.add(new Entry(rule, skipped == null, reason));
            }
        }
    }

    /** The destination address in canonical text (an IPv4-mapped address as IPv4). */
    public String address() {
        return address;
    }

    /** The non-global-unicast range holding the address, or null when it is global unicast. */
    public NonGlobalRange nonGlobalRange() {
        return range;
    }

    /** The rule that applies, or null: the OS routes the connection. */
    public Rule winner() {
        return winner;
    }

    /** Why the winner won, e.g. {@code longest prefix: /24 over /16 (rules.conf:1)}; null without a winner. */
    public String whyWinner() {
        return whyWinner;
    }

    /** Every other rule whose destination contains the address, most specific first. */
    public List<Entry> others() {
        return Collections.unmodifiableList(others);
    }

    private String whySkipped(Rule rule, int port, Protocol protocol) {
        if (range != null && rule.destination().length() < range.length()) {
            return "broader than " + range.prefix() + ", and " + address + " is " + range.kind()
                    + ", not global unicast";
        }
        String ports = rule.portFrom() == rule.portTo() ? "port=" + rule.portFrom()
                : "port=" + rule.portFrom() + "-" + rule.portTo();
        if (rule.hasPort() && (port < 1 || port > 65535)) {
            return ports + ", and the port is unknown";
        }
        if (rule.hasPort() && (port < rule.portFrom() || port > rule.portTo())) {
            return ports + " does not include " + port;
        }
        if (rule.protocol() != null && protocol == null) {
            return "proto=" + rule.protocol() + ", and the protocol is unknown";
        }
        return rule.protocol() != null && rule.protocol() != protocol
                ? "proto=" + rule.protocol() + ", the connection is " + protocol : null;
    }

    /** A rule that did not win: it lost to a more specific one, or was skipped. */
    public static final class Entry {
        private final Rule rule;
        private final boolean lost;
        private final String reason;

        Entry(Rule rule, boolean lost, String reason) {
            this.rule = rule;
            this.lost = lost;
            this.reason = reason;
        }

        public Rule rule() {
            return rule;
        }

        /** True when the rule matched but a more specific one won; false when it was skipped. */
        public boolean lost() {
            return lost;
        }

        /** E.g. {@code shorter prefix than rules.conf:2 (/16 < /24)} or {@code port=80 does not include 443}. */
        public String reason() {
            return reason;
        }
    }
}
