package dev.nicpin.lab;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab server answers to each TCP connection, HTTP request and UDP datagram: the
 * source address it saw and the interface the packet arrived on, as one line
 * {@code seen-from SOURCE via INTERFACE}, e.g. {@code seen-from 10.77.0.1 via nic0} or
 * {@code seen-from fd77:1::1 via nic1}. IPv6 sources are in the RFC 5952 short form; an
 * IPv4 client of a dual-stack socket appears in IPv4 form (the JDK turns an IPv4-mapped
 * address into an {@link Inet4Address}).
 */
public record Report(InetAddress source, String nic) {
    private static final Pattern LINE = Pattern.compile("seen-from (\\S+) via (\\S+)");

    /** Reads a report line; throws if the line is not one. */
    public static Report parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a report line: '" + line + "'");
        }
        try {
            return new Report(InetAddress.getByName(m.group(1)), m.group(2));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address in '" + line + "'", e);
        }
    }

    @Override
    public String toString() {
        return "seen-from " + text(source) + " via " + nic;
    }

    /** An address as people write it: IPv4 dotted, IPv6 lower case with the longest zero run as "::". */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                text.append(text.length() == 0 || text.charAt(text.length() - 1) == ':' ? "" : ":");
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }
}
