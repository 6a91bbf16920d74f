package dev.nicpin.rules;

/**
 * The rules of one address family in a path-compressed binary trie (Patricia) over the 128-bit
 * layout of {@link Prefix}, stored in primitive arrays: a lookup visits at most one node per
 * prefix length (33 for IPv4, 129 for IPv6) however many rules there are, and allocates nothing.
 *
 * <p>Each node holds a prefix; nodes that only branch hold no rules. The rules of one prefix lie
 * side by side in {@link #rules}, sorted by {@link TrieOrder#key(Rule)}, so one binary search finds
 * the rule of a given rank whose port range holds a port (the parser rejects overlapping ranges of
 * equal rank).
 */
final class PrefixTrie {
    private static final int NO_CHILD = 0; // node 0 is the root, nobody's child

    private final int maxLength;
    private final Rule[] rules;
    private final long[] ruleKeys;
    /**
     * The nodes, each in one run of {@link #stride} longs so that visiting a node touches one or
     * two cache lines (parallel arrays cost a miss per array in a large table): the key's high 64
     * bits, for IPv6 its low 64 bits, the children ({@code zero << 32 | one}), and the node's
     * rules ({@code from << 32 | count << 8 | length}; a prefix holds fewer than 2^24 rules, since
     * rules of one rank and protocol have disjoint port ranges).
     */
    private final long[] nodes;
    private final int stride;

    /** @param sorted the rules of one family in {@link TrieOrder#ORDER} */
    PrefixTrie(Rule[] sorted, int maxLength) {
        this.maxLength = maxLength;
        this.rules = sorted;
        this.ruleKeys = new long[sorted.length];
        PrefixTrieBuilder builder = new PrefixTrieBuilder(2 * sorted.length + 1);
        for (int from = 0; from < sorted.length; ) {
            Prefix prefix = sorted[from].destination();
            int to = from;
            while (to < sorted.length && sorted[to].destination().sameAs(prefix)) {
                ruleKeys[to] = TrieOrder.key(sorted[to]);
                to++;
            }
            builder.add(prefix.hi(), prefix.lo(), prefix.length(), from, to);
            from = to;
        }
        stride = maxLength > 64 ? 4 : 3;
        nodes = builder.pack(stride);
    }

    /**
     * The most specific rule matching the address, among prefixes of at least {@code minLength}
     * bits, or null.
     *
     * @param port 1-65535, or anything else when unknown (then no rule with a port matches)
     * @param protocol 1 TCP, 2 UDP, 0 unknown (then no rule with a protocol matches)
     */
    Rule match(long hi, long lo, int minLength, int port, int protocol) {
        boolean portKnown = port >= 1 && port <= 65535;
        int best = -1;
        int base = 0;
        while (true) {
            long meta = nodes[base + stride - 1];
            int bits = (int) meta & 0xFF;
            if (((hi ^ nodes[base]) & Prefix.maskHi(bits)) != 0
                    || bits > 64 && ((lo ^ nodes[base + 1]) & Prefix.maskLo(bits)) != 0) {
                break;
            }
            int count = (int) (meta >>> 8) & 0xFFFFFF;
            if (count != 0 && bits >= minLength) {
                int from = (int) (meta >>> 32);
                int found = matchAt(from, from + count, portKnown ? port : 0, protocol);
                best = found >= 0 ? found : best;
            }
            if (bits == maxLength) {
                break;
            }
            long children = nodes[base + stride - 2];
            long bit = bits < 64 ? hi >>> (63 - bits) : lo >>> (127 - bits);
            int child = (int) ((bit & 1) == 0 ? children >>> 32 : children);
            if (child == NO_CHILD) {
                break;
            }
            base = child * stride;
        }
        return best < 0 ? null : rules[best];
    }

    /** The index of the rule of one prefix that applies, trying ranks in order of precedence, or -1. */
    private int matchAt(int from, int to, int port, int protocol) {
        int found = -1;
        if (port != 0 && protocol != 0) {
            found = find(from, to, 0, protocol, port);
        }
        if (found < 0 && port != 0) {
            found = find(from, to, 1, 0, port);
        }
        if (found < 0 && protocol != 0) {
            found = find(from, to, 2, protocol, 0);
        }
        return found >= 0 ? found : find(from, to, 3, 0, 0);
    }

    /** Binary search for the rule of this rank and protocol whose port range holds {@code port}. */
    private int find(int from, int to, int rank, int protocol, int port) {
        long target = TrieOrder.key(rank, protocol, port, 0xFFFF);
        int low = from;
        int high = to - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ruleKeys[middle] <= target) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (found < 0 || ruleKeys[found] >>> 32 != ((long) rank << 8 | protocol)) {
            return -1;
        }
        return (ruleKeys[found] & 0xFFFF) >= port ? found : -1;
    }
}
