package dev.nicpin.rules;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rules of one file, ready to match connections. Immutable, so a new table can replace the old
 * one through a volatile reference; {@code match} takes no lock and, except for the
 * {@code Inet6Address} convenience, allocates nothing. A lookup costs the same for ten rules as
 * for a million: one trie walk of at most 33 (IPv4) or 129 (IPv6) nodes.
 *
 * <p>Ports outside 1-65535 (0 for "unknown") match only rules without {@code port=}; a null
 * protocol matches only rules without {@code proto=}.
 */
public final class RuleTable {
    private final List<Rule> rules;
    private final PrefixTrie ipv4;
    private final PrefixTrie ipv6;

    RuleTable(List<Rule> rulesInFileOrder, PrefixTrie ipv4, PrefixTrie ipv6) {
        this.rules = Collections.unmodifiableList(new ArrayList<>(rulesInFileOrder));
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public int size() {
        return rules.size();
    }

    /** All rules, in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rule for a connection to an IPv4 address (big-endian, as {@code Inet4Address} holds it), or null. */
    public Rule match(int ipv4Address, int port, Protocol protocol) {
        NonGlobalRange range = NonGlobalRange.ofIpv4(ipv4Address);
        return ipv4.match((ipv4Address & 0xFFFFFFFFL) << 32, 0, range == null ? 0 : range.length(), port,
                TrieOrder.protocolCode(protocol));
    }

    /**
     * The rule for a connection to an IPv6 address given as its high and low 64 bits, or null. An
     * IPv4-mapped address ({@code ::ffff:a.b.c.d}) is matched as the IPv4 address it carries.
     */
    public Rule match(long ipv6High, long ipv6Low, int port, Protocol protocol) {
        if (ipv6High == 0 && ipv6Low >>> 32 == 0xFFFFL) {
            return match((int) ipv6Low, port, protocol);
        }
        NonGlobalRange range = NonGlobalRange.ofIpv6(ipv6High, ipv6Low);
        return ipv6.match(ipv6High, ipv6Low, range == null ? 0 : range.length(), port,
                TrieOrder.protocolCode(protocol));
    }

    /** The rule for a connection to the address, or null. Allocates a 16-byte copy for IPv6 addresses. */
    public Rule match(InetAddress address, int port, Protocol protocol) {
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address itself on every JDK; getAddress() would allocate.
            return match(address.hashCode(), port, protocol);
        }
        byte[] bytes = address.getAddress();
        return match(Bytes.longAt(bytes, 0), Bytes.longAt(bytes, 8), port, protocol);
    }

    /** Which rule wins for the connection and why, with every other rule that was considered (slow). */
    public Explanation explain(InetAddress address, int port, Protocol protocol) {
        return new Explanation(rules, address, port, protocol);
    }
}
