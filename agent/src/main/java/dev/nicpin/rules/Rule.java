package dev.nicpin.rules;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One line of a rule file: a destination prefix, optional qualifiers ({@code proto=},
 * {@code port=}) and its actions ({@code dev=}, {@code mark=}, {@code src=}, or {@code direct}).
 */
public final class Rule {
    /** The {@code mark} constructor argument of a rule without {@code mark=}. */
    static final long NO_MARK = -1;

    private final String file;
    private final int line;
    private final Prefix destination;
    private final Protocol protocol;
    private final int portFrom;
    private final int portTo;
    private final String device;
    private final long mark;
    private final InetAddress source;
    private final boolean direct;

    Rule(String file, int line, Prefix destination, Protocol protocol, int portFrom, int portTo,
            String device, long mark, InetAddress source, boolean direct) {
        this.file = file;
        this.line = line;
        this.destination = destination;
        this.protocol = protocol;
        this.portFrom = portFrom;
        this.portTo = portTo;
        this.device = device;
        this.mark = mark;
        this.source = source;
        this.direct = direct;
    }

    /** The rule file's path as the user gave it. */
    public String file() {
        return file;
    }

    /** The 1-based line number in {@link #file()}. */
    public int line() {
        return line;
    }

    /** {@code FILE:LINE}, e.g. {@code rules.conf:3}, for messages about this rule. */
    public String location() {
        return file + ":" + line;
    }

    public Prefix destination() {
        return destination;
    }

    /** The {@code proto=} qualifier, or null when the rule applies to any protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /** Whether a {@code port=} qualifier restricts the rule. */
    public boolean hasPort() {
        return portFrom != 0;
    }

    /** The first port of the {@code port=} range, or 0 when the rule has none. */
    public int portFrom() {
        return portFrom;
    }

    /** The last port of the {@code port=} range (equal to {@link #portFrom()} for one port), or 0. */
    public int portTo() {
        return portTo;
    }

    /** The {@code dev=} interface name, or null. */
    public String device() {
        return device;
    }

    public boolean hasMark() {
        return mark != NO_MARK;
    }

    /** The {@code mark=} value as the 32 bits {@code SO_MARK} takes (may be negative as an int); 0 when none. */
    public int mark() {
        return hasMark() ? (int) mark : 0;
    }

    /** The {@code src=} address, in the destination's family, or null. */
    public InetAddress source() {
        return source;
    }

    /** The {@code src=} address as the rule file would canonically write it ({@code fd77:1::1}), or null. */
    public String sourceText() {
        if (source == null) {
            return null;
        }
        byte[] bytes = source.getAddress();
        return source instanceof Inet4Address ? AddressFormat.ipv4(Bytes.intAt(bytes, 0))
                : AddressFormat.ipv6(Bytes.longAt(bytes, 0), Bytes.longAt(bytes, 8));
    }

    /**
     * Whether the two give a socket the same options; {@code null} stands for no rule. Rules of
     * different lines, or of two versions of the file, may.
     */
    public static boolean actSame(Rule a, Rule b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.direct == b.direct && a.mark == b.mark && equal(a.device, b.device) && equal(a.source, b.source);
    }

    private static boolean equal(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    /** Whether the rule is {@code direct}: leave the connection to the OS (it has no other action). */
    public boolean isDirect() {
        return direct;
    }

    /** The rule in canonical form: destination, qualifiers, then actions; a mark in hex as {@code ip rule} shows it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(destination.toString());
        if (protocol != null) {
            text.append(" proto=").append(protocol);
        }
        if (hasPort()) {
            text.append(" port=").append(portFrom);
            if (portTo != portFrom) {
                text.append('-').append(portTo);
            }
        }
        if (device != null) {
            text.append(" dev=").append(device);
        }
        if (hasMark()) {
            text.append(" mark=0x").append(Long.toHexString(mark));
        }
        if (source != null) {
            text.append(" src=").append(sourceText());
        }
        if (direct) {
            text.append(" direct");
        }
        return text.toString();
    }
}
