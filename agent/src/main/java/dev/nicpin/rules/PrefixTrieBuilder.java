package dev.nicpin.rules;

/**
 * Inserts prefixes into the parallel arrays of a {@link PrefixTrie}. Node 0 is a root of length 0,
 * so the root never moves and 0 can mean "no child"; a trie of n prefixes needs at most 2n + 1
 * nodes (each insertion adds the prefix's node and at most one branching node).
 */
final class PrefixTrieBuilder {
    private final long[] keyHi;
    private final long[] keyLo;
    private final byte[] length;
    private final int[] zero;
    private final int[] one;
    private final int[] rulesFrom;
    private final int[] rulesTo;
    private int size = 1;

    PrefixTrieBuilder(int capacity) {
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        length = new byte[capacity];
        zero = new int[capacity];
        one = new int[capacity];
        rulesFrom = new int[capacity];
        rulesTo = new int[capacity];
    }

    /** Adds a prefix (host bits zero, not yet present) holding the rules at {@code [from, to)}. */
    void add(long hi, long lo, int bits, int from, int to) {
        int parent = -1;
        int node = 0;
        while (true) {
            int nodeBits = length[node] & 0xFF;
            int common = Math.min(Math.min(nodeBits, bits), commonLength(keyHi[node], keyLo[node], hi, lo));
            if (common == nodeBits && common == bits) {
                rulesFrom[node] = from;
                rulesTo[node] = to;
                return;
            }
            if (common == nodeBits) {
                int child = childOf(node, hi, lo, nodeBits);
                if (child == 0) {
                    setChild(node, hi, lo, nodeBits, newNode(hi, lo, bits, from, to));
                    return;
                }
                parent = node;
                node = child;
                continue;
            }
            // The new prefix leaves the path inside the edge parent -> node: put a node at the fork.
            int fork = common == bits ? newNode(hi, lo, bits, from, to)
                    : newNode(hi & Prefix.maskHi(common), lo & Prefix.maskLo(common), common, 0, 0);
            setChild(fork, keyHi[node], keyLo[node], common, node);
            if (common < bits) {
                setChild(fork, hi, lo, common, newNode(hi, lo, bits, from, to));
            }
            setChild(parent, keyHi[fork], keyLo[fork], length[parent] & 0xFF, fork);
            return;
        }
    }

    /** The nodes as {@link PrefixTrie} stores them, {@code stride} longs each (3 for IPv4, 4 for IPv6). */
    long[] pack(int stride) {
        long[] nodes = new long[size * stride];
        for (int node = 0; node < size; node++) {
            int base = node * stride;
            nodes[base] = keyHi[node];
            if (stride == 4) {
                nodes[base + 1] = keyLo[node];
            }
            nodes[base + stride - 2] = (long) zero[node] << 32 | one[node] & 0xFFFFFFFFL;
            nodes[base + stride - 1] = (long) rulesFrom[node] << 32 | (long) (rulesTo[node] - rulesFrom[node]) << 8
                    | length[node] & 0xFF;
        }
        return nodes;
    }

    private int newNode(long hi, long lo, int bits, int from, int to) {
        keyHi[size] = hi;
        keyLo[size] = lo;
        length[size] = (byte) bits;
        rulesFrom[size] = from;
        rulesTo[size] = to;
        return size++;
    }

    /** The child on the side of bit {@code index} of the key. */
    private int childOf(int node, long hi, long lo, int index) {
        return bit(hi, lo, index) == 0 ? zero[node] : one[node];
    }

    private void setChild(int node, long hi, long lo, int index, int child) {
        if (bit(hi, lo, index) == 0) {
            zero[node] = child;
        } else {
            one[node] = child;
        }
    }

    private static long bit(long hi, long lo, int index) {
        return (index < 64 ? hi >>> (63 - index) : lo >>> (127 - index)) & 1;
    }

    private static int commonLength(long aHi, long aLo, long bHi, long bLo) {
        long difference = aHi ^ bHi;
        return difference != 0 ? Long.numberOfLeadingZeros(difference) : 64 + Long.numberOfLeadingZeros(aLo ^ bLo);
    }
}
