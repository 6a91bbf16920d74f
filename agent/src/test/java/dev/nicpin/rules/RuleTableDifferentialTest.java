package dev.nicpin.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random rule sets against a reference written from the documented precedence alone: a linear
 * scan over byte arrays. The trie, the explanation and the tie check must all agree with it.
 */
class RuleTableDifferentialTest {
    private static final int[] PORTS = {0, 1, 53, 79, 80, 81, 443, 65535};
    private static final String[] PORT_QUALIFIERS = {"port=53", "port=80", "port=443", "port=79-81", "port=1-100",
        "port=80-443", "port=1-65535"};
    /** Neighbourhoods where rules and connections collide, including every range that is not global unicast. */
    private static final String[] IPV4_SEEDS = {"10.20.5.7", "10.20.0.0", "127.0.0.2", "169.254.3.4", "224.0.0.1",
        "0.0.0.0", "255.255.255.255", "192.168.3.58", "128.0.0.0"};
    private static final String[] IPV6_SEEDS = {"2001:db8::1", "2001:db8:5::", "::1", "::", "fe80::1", "ff02::1",
        "::ffff:10.20.5.7", "8000::"};

    @Test
    void trieExplanationAndTieCheckAgreeWithALinearScan() throws Exception {
        long seed = Seeds.seed("RuleTableDifferentialTest");
        Random random = new Random(seed);
        for (int round = 0; round < 400; round++) {
            String context = "seed " + seed + ", round " + round;
            List<Rule> accepted = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            String tying = null;
            for (int i = 0, count = 1 + random.nextInt(40); i < count; i++) {
                String line = randomRule(random, i);
                Rule rule = single(line);
                if (rule == null) {
                    continue;
                }
                Rule tie = accepted.stream().filter(other -> ties(rule, other)).findFirst().orElse(null);
                if (tie == null) {
                    accepted.add(rule);
                    text.append(line).append('\n');
                } else if (tying == null) {
                    tying = line;
                }
            }
            RuleTable table = RuleTexts.table(text.toString());
            for (int query = 0; query < 200; query++) {
                byte[] address = near(random, random.nextBoolean() ? IPV4_SEEDS : IPV6_SEEDS);
                int port = PORTS[random.nextInt(PORTS.length)];
                Protocol protocol = random.nextInt(3) == 0 ? null : Protocol.values()[random.nextInt(2)];
                String connection = context + ": " + InetAddress.getByAddress(address).getHostAddress() + " " + port
                        + " " + protocol + " in\n" + text;
                Rule expected = reference(table.rules(), address, port, protocol);
                assertSame(expected, table.match(InetAddress.getByAddress(address), port, protocol), connection);
                Explanation explanation = table.explain(InetAddress.getByAddress(address), port, protocol);
                assertSame(expected, explanation.winner(), connection);
                if (address.length == 16) {
                    long high = Bytes.longAt(address, 0);
                    long low = Bytes.longAt(address, 8);
                    assertSame(expected, table.match(high, low, port, protocol), connection);
                }
            }
            if (tying != null) {
                int line = table.size() + 1;
                // It may tie with several rules (port=1-100 with port=53 and port=80): one error each.
                for (String error : RuleTexts.errors(text + tying + "\n")) {
                    assertTrue(error.startsWith("t.conf:" + line + ":1: rule ties with "), context + ": " + error);
                }
            }
        }
    }

    private static String randomRule(Random random, int index) {
        boolean ipv4 = random.nextBoolean();
        byte[] address = near(random, ipv4 ? IPV4_SEEDS : IPV6_SEEDS);
        int bits = address.length * 8;
        int length = random.nextInt(4) == 0 ? bits : random.nextInt(bits + 1);
        for (int bit = length; bit < bits; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        String destination;
        try {
            destination = InetAddress.getByAddress(address).getHostAddress() + "/" + length;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        StringBuilder rule = new StringBuilder(destination);
        if (random.nextInt(3) == 0) {
            rule.append(random.nextBoolean() ? " proto=tcp" : " proto=udp");
        }
        if (random.nextInt(3) == 0) {
            rule.append(' ').append(PORT_QUALIFIERS[random.nextInt(PORT_QUALIFIERS.length)]);
        }
        return rule.append(" dev=d").append(index).toString();
    }

    /** The rule of one line, or null when the line is invalid (a mapped IPv6 prefix, say). */
    private static Rule single(String line) {
        try {
            return RuleFile.parse("t.conf", line.getBytes(StandardCharsets.UTF_8)).rules().get(0);
        } catch (RuleFileException e) {
            return null;
        }
    }

    /** A seed address with a few random low bits changed. */
    private static byte[] near(Random random, String[] seeds) {
        byte[] address = AddressLiteral.parse(seeds[random.nextInt(seeds.length)]).getAddress();
        int changed = random.nextInt(address.length * 8 + 1);
        for (int bit = address.length * 8 - changed; bit < address.length * 8; bit++) {
            if (random.nextInt(4) == 0) {
                address[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            }
        }
        if (address.length == 16 && random.nextInt(8) == 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(near(random, IPV4_SEEDS), 0, mapped, 12, 4);
            return mapped;
        }
        return address;
    }

    /** The documented semantics, by brute force. */
    private static Rule reference(List<Rule> rules, byte[] address, int port, Protocol protocol) {
        byte[] target = isMapped(address) ? java.util.Arrays.copyOfRange(address, 12, 16) : address;
        int special = specialLength(target);
        Rule best = null;
        for (Rule rule : rules) {
            byte[] network = rule.destination().address().getAddress();
            int length = rule.destination().length();
            if (network.length != target.length || !samePrefix(network, target, length) || length < special
                    || rule.hasPort() && (port < rule.portFrom() || port > rule.portTo())
                    || rule.protocol() != null && rule.protocol() != protocol) {
                continue;
            }
            int order = best == null ? 1 : compare(rule, best);
            if (order == 0) {
                fail("the parser let a tie through: " + rule + " / " + best);
            }
            best = order > 0 ? rule : best;
        }
        return best;
    }

    private static int compare(Rule a, Rule b) {
        int byLength = Integer.compare(a.destination().length(), b.destination().length());
        int byPort = Boolean.compare(a.hasPort(), b.hasPort());
        return byLength != 0 ? byLength : byPort != 0 ? byPort
                : Boolean.compare(a.protocol() != null, b.protocol() != null);
    }

    private static boolean ties(Rule a, Rule b) {
        return a.destination().address().equals(b.destination().address())
                && a.destination().length() == b.destination().length()
                && a.hasPort() == b.hasPort() && a.protocol() == b.protocol()
                && (!a.hasPort() || a.portFrom() <= b.portTo() && b.portFrom() <= a.portTo());
    }

    private static boolean samePrefix(byte[] a, byte[] b, int length) {
        for (int bit = 0; bit < length; bit++) {
            if (((a[bit / 8] ^ b[bit / 8]) & (0x80 >>> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address.length != 16 || address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
    }

    /** The length of the range that is not global unicast holding the address, or 0. */
    private static int specialLength(byte[] a) {
        int first = a[0] & 0xFF;
        if (a.length == 4) {
            boolean zero = first == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0;
            boolean ones = first == 255 && a[1] == -1 && a[2] == -1 && a[3] == -1;
            return zero || ones ? 32 : first == 127 ? 8 : first == 169 && (a[1] & 0xFF) == 254 ? 16
                    : first >= 224 && first <= 239 ? 4 : 0;
        }
        boolean zeroUpTo15 = true;
        for (int i = 0; i < 15; i++) {
            zeroUpTo15 &= a[i] == 0;
        }
        return zeroUpTo15 && (a[15] == 0 || a[15] == 1) ? 128 : first == 0xFE && (a[1] & 0xC0) == 0x80 ? 10
                : first == 0xFF ? 8 : 0;
    }
}
