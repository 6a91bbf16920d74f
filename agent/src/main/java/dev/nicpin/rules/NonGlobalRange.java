package dev.nicpin.rules;

/**
 * The address ranges that are not global unicast. A rule whose prefix merely contains such an
 * address (say {@code 0.0.0.0/0} and {@code 127.0.0.1}) does not match it; a rule whose prefix
 * lies inside the range does. Go's dialers that bind by device skip these destinations the same
 * way: pinning loopback or multicast traffic to an uplink breaks it.
 */
public enum NonGlobalRange {
    IPV4_UNSPECIFIED("unspecified", "0.0.0.0", 32),
    IPV4_LOOPBACK("loopback", "127.0.0.0/8", 8),
    IPV4_LINK_LOCAL("link-local", "169.254.0.0/16", 16),
    IPV4_MULTICAST("multicast", "224.0.0.0/4", 4),
    IPV4_BROADCAST("broadcast", "255.255.255.255", 32),
    IPV6_UNSPECIFIED("unspecified", "::", 128),
    IPV6_LOOPBACK("loopback", "::1", 128),
    IPV6_LINK_LOCAL("link-local", "fe80::/10", 10),
    IPV6_MULTICAST("multicast", "ff00::/8", 8);

    private final String kind;
    private final String prefix;
    private final int length;

    NonGlobalRange(String kind, String prefix, int length) {
        this.kind = kind;
        this.prefix = prefix;
        this.length = length;
    }

    /** The range holding the IPv4 address, or null when it is global unicast. Never allocates. */
    public static NonGlobalRange ofIpv4(int address) {
        if (address == 0) {
            return IPV4_UNSPECIFIED;
        }
        if (address == -1) {
            return IPV4_BROADCAST;
        }
        if (address >>> 24 == 127) {
            return IPV4_LOOPBACK;
        }
        if (address >>> 16 == 0xA9FE) {
            return IPV4_LINK_LOCAL;
        }
        return address >>> 28 == 0xE ? IPV4_MULTICAST : null;
    }

    /**
     * The range holding the IPv6 address (not IPv4-mapped: those are IPv4), or null when it is
     * global unicast. Never allocates.
     */
    public static NonGlobalRange ofIpv6(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            return IPV6_UNSPECIFIED;
        }
        if (hi == 0 && lo == 1) {
            return IPV6_LOOPBACK;
        }
        if (hi >>> 54 == 0x3FA) {
            return IPV6_LINK_LOCAL;
        }
        return hi >>> 56 == 0xFF ? IPV6_MULTICAST : null;
    }

    /** Loopback and link-local addresses are unicast (they may be a source); the others are not. */
    boolean isUnicast() {
        return this == IPV4_LOOPBACK || this == IPV4_LINK_LOCAL || this == IPV6_LOOPBACK || this == IPV6_LINK_LOCAL;
    }

    /** {@code loopback}, {@code link-local}, {@code multicast}, {@code unspecified} or {@code broadcast}. */
    public String kind() {
        return kind;
    }

    /** The range as rule text, e.g. {@code 127.0.0.0/8}. */
    public String prefix() {
        return prefix;
    }

    /** Rules with a prefix at least this long (hence inside the range) may match its addresses. */
    public int length() {
        return length;
    }

    /** E.g. {@code loopback (127.0.0.0/8)}. */
    @Override
    public String toString() {
        return kind + " (" + prefix + ")";
    }
}
