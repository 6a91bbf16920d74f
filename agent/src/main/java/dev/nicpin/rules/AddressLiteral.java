package dev.nicpin.rules;

import java.net.InetAddress;

/**
 * Numeric IPv4 and IPv6 address text, parsed here so that no rule or CLI argument
 * can ever trigger a DNS lookup ({@code InetAddress.getByName} resolves anything that is not a
 * literal).
 */
public final class AddressLiteral {
    private AddressLiteral() {
    }

    /**
     * The address written as {@code text}; IPv4-mapped IPv6 text such as {@code ::ffff:10.0.0.1}
     * yields an {@code Inet4Address}, as the JDK does.
     *
     * @throws IllegalArgumentException saying {@code expected ..., found ...}
     */
    public static InetAddress parse(String text) {
        return parseHost(text).address();
    }

    /** The address as a prefix of full length (/32 or /128). */
    static Prefix parseHost(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                throw new IllegalArgumentException("expected a numeric IPv4 or IPv6 address (names are not"
                        + " resolved), found " + Found.text(text));
            }
        }
        return new Prefix(true, (parseIpv4(text) & 0xFFFFFFFFL) << 32, 0, 32);
    }

    private static int parseIpv4(String text) {
        int value = 0;
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i == text.length() || text.charAt(i) != '.') {
                    throw notIpv4(text);
                }
                i++;
            }
            int start = i;
            int octet = 0;
            while (i < text.length() && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + text.charAt(i++) - '0';
            }
            if (i == start || i - start > 3 || octet > 255) {
                throw notIpv4(text);
            }
            if (i - start > 1 && text.charAt(start) == '0') {
                throw new IllegalArgumentException("expected decimal numbers without leading zeros (some tools"
                        + " read them as octal), found " + Found.text(text));
            }
            value = value << 8 | octet;
        }
        if (i != text.length()) {
            throw notIpv4(text);
        }
        return value;
    }

    private static IllegalArgumentException notIpv4(String text) {
        return new IllegalArgumentException("expected an IPv4 address (four numbers 0-255 joined by dots), found "
                + Found.text(text));
    }

    private static Prefix parseIpv6(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("expected an IPv6 address without a zone (pin the device with"
                    + " dev= instead), found " + Found.text(text));
        }
        IllegalArgumentException invalid = new IllegalArgumentException(
                "expected an IPv6 address (hex groups joined by colons, at most one ::), found " + Found.text(text));
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int start = i;
            int group = 0;
            int digit;
            while (i < n && i - start < 5 && (digit = hexDigit(text.charAt(i))) >= 0) {
                group = group << 4 | digit;
                i++;
            }
            if (i < n && text.charAt(i) == '.' && count <= 6) {
                int ipv4;
                try {
                    ipv4 = parseIpv4(text.substring(start));
                } catch (IllegalArgumentException e) {
                    throw invalid;
                }
                groups[count++] = ipv4 >>> 16;
                groups[count++] = ipv4 & 0xFFFF;
                break;
            }
            if (i == start || i - start > 4 || count == 8) {
                throw invalid;
            }
            groups[count++] = group;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':' || ++i == n) {
                throw invalid;
            }
            if (text.charAt(i) == ':') {
                if (gap >= 0) {
                    throw invalid;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            throw invalid;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 8; g++) {
            int source = gap < 0 || g < gap ? g : g - (8 - count);
            long value = gap >= 0 && g >= gap && g < gap + 8 - count ? 0 : groups[source];
            if (g < 4) {
                hi = hi << 16 | value;
            } else {
                lo = lo << 16 | value;
            }
        }
        return new Prefix(false, hi, lo, 128);
    }

    /** ASCII only: {@code Character.digit} would also accept other scripts' digits and full-width letters. */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }
}
