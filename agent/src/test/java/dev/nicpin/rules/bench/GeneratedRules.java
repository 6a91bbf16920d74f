package dev.nicpin.rules.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Synthetic rule files of any size: half IPv4 /24s spread over the whole address space, half IPv6
 * /64s inside 2001:db8::/32, every fourth with {@code proto=tcp port=443}. Rule k of a family sits
 * at slot {@code k * 0x9E3779B1} (odd, hence a bijection), so prefixes never repeat and slots past
 * the generated ones are addresses no rule matches.
 */
final class GeneratedRules {
    private static final long SPREAD = 0x9E3779B1L;

    private GeneratedRules() {
    }

    static byte[] text(int rules) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(rules * 40);
        for (int i = 0; i < rules; i++) {
            int k = i / 2;
            String line = (i % 2 == 0 ? ipv4Prefix(k) : ipv6Prefix(k)) + (k % 4 == 0 ? " proto=tcp port=443" : "")
                    + " dev=eth" + k % 3 + "\n";
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            text.write(bytes, 0, bytes.length);
        }
        return text.toByteArray();
    }

    /** An address inside the IPv4 prefix of slot k (k >= the number of IPv4 rules: unmatched). */
    static int ipv4Address(int k, int host) {
        return ipv4Slot(k) << 8 | host & 0xFF;
    }

    /** The high 64 bits of an address inside the IPv6 prefix of slot k; the low 64 bits are free. */
    static long ipv6High(int k) {
        return 0x2001_0db8_0000_0000L | ipv6Slot(k);
    }

    private static String ipv4Prefix(int k) {
        int address = ipv4Address(k, 0);
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + ".0/24";
    }

    private static String ipv6Prefix(int k) {
        long slot = ipv6Slot(k);
        return "2001:db8:" + Long.toHexString(slot >>> 16) + ":" + Long.toHexString(slot & 0xFFFF) + "::/64";
    }

    private static int ipv4Slot(int k) {
        return (int) (k * SPREAD & 0xFF_FFFF);
    }

    private static long ipv6Slot(int k) {
        return k * SPREAD & 0xFFFF_FFFFL;
    }
}
