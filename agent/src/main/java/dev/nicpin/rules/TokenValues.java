package dev.nicpin.rules;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Validates the destination and the values of {@code key=value} tokens. Each method takes the whole
 * token (for the message) and its value, and throws
 * {@code IllegalArgumentException("expected ..., found ...")}.
 */
final class TokenValues {
    /** IFNAMSIZ is 16 bytes with the terminating NUL. */
    private static final int MAX_DEVICE_BYTES = 15;
    private static final long MAX_MARK = 0xFFFFFFFFL;

    private TokenValues() {
    }

    /** The destination; IPv4-mapped text is refused for its IPv4 form, since mapped addresses match IPv4 rules. */
    static Prefix destination(String token) {
        Prefix prefix = Prefix.parse(token);
        if (prefix.isIpv4Mapped()) {
            throw new IllegalArgumentException("expected an IPv4 destination for IPv4-mapped addresses, found "
                    + Found.text(token) + " (write " + prefix.unmapped() + ")");
        }
        return prefix;
    }

    static Protocol protocol(String token, String value) {
        Protocol protocol = Protocol.parse(value);
        if (protocol == null) {
            throw new IllegalArgumentException("expected proto=tcp or proto=udp, found " + Found.text(token));
        }
        return protocol;
    }

    /** The port range packed as {@code from << 16 | to}. */
    static int portRange(String token, String value) {
        int dash = value.indexOf('-');
        int from = port(dash < 0 ? value : value.substring(0, dash));
        int to = dash < 0 ? from : port(value.substring(dash + 1));
        if (from == 0 || to == 0) {
            throw new IllegalArgumentException("expected port=N or port=N-M with ports 1-65535, found "
                    + Found.text(token));
        }
        if (from > to) {
            throw new IllegalArgumentException("expected port=N-M with N <= M, found " + Found.text(token));
        }
        return from << 16 | to;
    }

    /** A decimal port 1-65535, or 0 for anything else. */
    private static int port(String text) {
        long value = decimal(text, 65535);
        return value < 1 || value > 65535 ? 0 : (int) value;
    }

    /** {@code mark=} in decimal or 0x-hex, 1 to 2^32 - 1. */
    static long mark(String token, String value) {
        boolean hex = value.startsWith("0x") || value.startsWith("0X");
        long mark = hex ? hex(value.substring(2)) : decimal(value, MAX_MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("expected mark=N in decimal or 0x-hex, found " + Found.text(token));
        }
        if (mark > MAX_MARK) {
            throw new IllegalArgumentException("expected a mark of at most 0xffffffff (32 bits), found "
                    + Found.text(token));
        }
        if (mark == 0) {
            throw new IllegalArgumentException("expected a mark of at least 1 (0 means no mark to the kernel),"
                    + " found " + Found.text(token));
        }
        return mark;
    }

    /** The kernel's dev_valid_name(): 1-15 bytes, not . or .., no / or : (and no whitespace, which splits tokens). */
    static String device(String token, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (value.isEmpty()) {
            throw new IllegalArgumentException("expected dev=IFNAME, found " + Found.text(token));
        }
        if (bytes > MAX_DEVICE_BYTES) {
            throw new IllegalArgumentException("expected an interface name of at most " + MAX_DEVICE_BYTES
                    + " bytes, found " + Found.text(token) + " (" + bytes + " bytes)");
        }
        if (value.equals(".") || value.equals("..") || value.indexOf('/') >= 0 || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("expected an interface name without / or : and other than . or ..,"
                    + " found " + Found.text(token));
        }
        return value;
    }

    /** {@code src=}: one unicast address, IPv4 written as IPv4 (not IPv4-mapped). */
    static InetAddress source(String token, String value) {
        if (value.isEmpty() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("expected src=ADDRESS (one address, no prefix length), found "
                    + Found.text(token));
        }
        Prefix address = AddressLiteral.parseHost(value);
        if (address.isIpv4Mapped()) {
            throw new IllegalArgumentException("expected an IPv4 source as IPv4, found " + Found.text(token)
                    + " (write src=" + address.unmapped() + ")");
        }
        NonGlobalRange range = address.isIpv4() ? NonGlobalRange.ofIpv4((int) (address.hi() >>> 32))
                : NonGlobalRange.ofIpv6(address.hi(), address.lo());
        if (range != null && !range.isUnicast()) {
            throw new IllegalArgumentException("expected a unicast source address, found " + Found.text(token)
                    + " (" + range.kind() + ")");
        }
        return address.address();
    }

    /** Decimal digits up to {@code max}; -1 for anything else, and {@code max} + 1 when above it. */
    private static long decimal(String text, long max) {
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(value * 10 + c - '0', max + 1);
        }
        return text.isEmpty() ? -1 : value;
    }

    /** Hex digits; -1 for anything else, and {@code MAX_MARK + 1} when above it. */
    private static long hex(String text) {
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = AddressLiteral.hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = Math.min(value << 4 | digit, MAX_MARK + 1);
        }
        return text.isEmpty() ? -1 : value;
    }
}
