package dev.nicpin.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order of rules in a {@link PrefixTrie}: grouped by prefix, and within a prefix by a key that
 * packs qualifier rank, protocol and port range into one long, so a binary search over the keys
 * finds the rule for a port. Rules that would tie end up next to each other ({@link Ties}).
 */
final class TrieOrder {
    /** Groups rules by prefix, each group in {@link #key(Rule)} order; ties end up adjacent. */
    static final Comparator<Rule> ORDER = new Comparator<Rule>() {
        @Override
        public int compare(Rule a, Rule b) {
            Prefix p = a.destination();
            Prefix q = b.destination();
            int c = Long.compareUnsigned(p.hi(), q.hi());
            c = c != 0 ? c : Long.compareUnsigned(p.lo(), q.lo());
            c = c != 0 ? c : Integer.compare(p.length(), q.length());
            c = c != 0 ? c : Long.compare(key(a), key(b));
            return c != 0 ? c : Integer.compare(a.line(), b.line());
        }
    };

    private TrieOrder() {
    }

    /** The rules of one family, in {@link #ORDER}. */
    static Rule[] sorted(List<Rule> rules, boolean ipv4) {
        List<Rule> family = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.destination().isIpv4() == ipv4) {
                family.add(rule);
            }
        }
        Rule[] sorted = family.toArray(new Rule[0]);
        Arrays.sort(sorted, ORDER);
        return sorted;
    }

    /** 0 for any protocol, 1 TCP, 2 UDP. */
    static int protocolCode(Protocol protocol) {
        return protocol == null ? 0 : protocol.ordinal() + 1;
    }

    /** The rule's qualifiers as one sortable long: rank, protocol, first port, last port. */
    static long key(Rule rule) {
        return key(Specificity.rank(rule), protocolCode(rule.protocol()), rule.portFrom(), rule.portTo());
    }

    static long key(int rank, int protocol, int portFrom, int portTo) {
        return (long) rank << 40 | (long) protocol << 32 | (long) portFrom << 16 | portTo;
    }
}
