package dev.nicpin.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 destination prefix such as {@code 10.20.0.0/16}; a single address is a /32 or
 * /128 prefix. Host bits are always zero.
 *
 * <p>Both families are kept as 128 bits in two longs, IPv4 in the top 32 bits of {@code hi}, so
 * one trie implementation serves both.
 */
public final class Prefix {
    private final boolean ipv4;
    private final long hi;
    private final long lo;
    private final int length;

    Prefix(boolean ipv4, long hi, long lo, int length) {
        this.ipv4 = ipv4;
        this.hi = hi;
        this.lo = lo;
        this.length = length;
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/LENGTH}.
     *
     * @throws IllegalArgumentException saying {@code expected ..., found ...}
     */
    static Prefix parse(String text) {
        int slash = text.indexOf('/');
        Prefix host = AddressLiteral.parseHost(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return host;
        }
        String lengthText = text.substring(slash + 1);
        int length = 0;
        for (int i = 0; i < lengthText.length() && length <= host.maxLength(); i++) {
            char c = lengthText.charAt(i);
            length = c >= '0' && c <= '9' ? length * 10 + c - '0' : Integer.MAX_VALUE;
        }
        if (lengthText.isEmpty() || length > host.maxLength()) {
            throw new IllegalArgumentException("expected a prefix length 0-" + host.maxLength() + " after /, found "
                    + Found.text(text));
        }
        Prefix network = new Prefix(host.ipv4, host.hi & maskHi(length), host.lo & maskLo(length), length);
        if (network.hi != host.hi || network.lo != host.lo) {
            int exact = host.maxLength() - (host.lo != 0 ? Long.numberOfTrailingZeros(host.lo)
                    : 64 + Long.numberOfTrailingZeros(host.hi) - (host.ipv4 ? 96 : 0));
            Prefix widened = new Prefix(host.ipv4, host.hi, host.lo, exact);
            throw new IllegalArgumentException("expected no host bits set beyond /" + length + ", found "
                    + Found.text(text) + " (did you mean " + network + " or " + widened + "?)");
        }
        return network;
    }

    /** True for IPv4, false for IPv6. */
    public boolean isIpv4() {
        return ipv4;
    }

    /** The prefix length: 0-32 for IPv4, 0-128 for IPv6. */
    public int length() {
        return length;
    }

    /** The first address of the prefix (allocates; not for the hot path). */
    public InetAddress address() {
        byte[] bytes = new byte[ipv4 ? 4 : 16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i < 8 ? hi >>> (56 - 8 * i) : lo >>> (56 - 8 * (i - 8))) & 0xFF);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    int maxLength() {
        return ipv4 ? 32 : 128;
    }

    /** Whether the address (in this prefix's family and 128-bit layout) lies inside the prefix. */
    boolean contains(long addressHi, long addressLo) {
        return ((addressHi ^ hi) & maskHi(length)) == 0 && ((addressLo ^ lo) & maskLo(length)) == 0;
    }

    /** IPv6 text that is really IPv4 ({@code ::ffff:0:0/96} and inside): mapped addresses match IPv4 rules. */
    boolean isIpv4Mapped() {
        return !ipv4 && length >= 96 && hi == 0 && lo >>> 32 == 0xFFFFL;
    }

    /** The IPv4 prefix an IPv4-mapped prefix stands for, e.g. 10.0.0.0/8 for ::ffff:10.0.0.0/104. */
    Prefix unmapped() {
        return new Prefix(true, lo << 32, 0, length - 96);
    }

    boolean sameAs(Prefix other) {
        return ipv4 == other.ipv4 && hi == other.hi && lo == other.lo && length == other.length;
    }

    /** The mask of the top {@code length} bits within {@code hi}. */
    static long maskHi(int length) {
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    /** The mask of the bits beyond the first 64 of a {@code length}-bit prefix within {@code lo}. */
    static long maskLo(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    /** {@code ADDRESS/LENGTH}, or the bare address for a /32 or /128. */
    @Override
    public String toString() {
        String address = ipv4 ? AddressFormat.ipv4((int) (hi >>> 32)) : AddressFormat.ipv6(hi, lo);
        return length == maxLength() ? address : address + "/" + length;
    }
}
