package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a token can be wrong, each with its exact message and column. */
class RuleErrorsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // destinations
        "10.20.5.0/16 dev=eth1 | 1 | expected no host bits set beyond /16, found 10.20.5.0/16 (did you mean 10.20.0.0/16 or 10.20.5.0/24?)",
        "10.20.5.1/24 dev=eth1 | 1 | expected no host bits set beyond /24, found 10.20.5.1/24 (did you mean 10.20.5.0/24 or 10.20.5.1?)",
        "2001:db8::1/32 dev=e  | 1 | expected no host bits set beyond /32, found 2001:db8::1/32 (did you mean 2001:db8::/32 or 2001:db8::1?)",
        "2001:db8:8000::/32 dev=e | 1 | expected no host bits set beyond /32, found 2001:db8:8000::/32 (did you mean 2001:db8::/32 or 2001:db8:8000::/33?)",
        "10.0.0.0/33 dev=eth1  | 1 | expected a prefix length 0-32 after /, found 10.0.0.0/33",
        "::/129 dev=eth1       | 1 | expected a prefix length 0-128 after /, found ::/129",
        "10.0.0.0/ dev=eth1    | 1 | expected a prefix length 0-32 after /, found 10.0.0.0/",
        "10.0.0.0/-1 dev=eth1  | 1 | expected a prefix length 0-32 after /, found 10.0.0.0/-1",
        "10.0.0.0/8/8 dev=eth1 | 1 | expected a prefix length 0-32 after /, found 10.0.0.0/8/8",
        "10.0.0.0/99999999999 dev=eth1 | 1 | expected a prefix length 0-32 after /, found 10.0.0.0/99999999999",
        "10.0.0.256 dev=eth1   | 1 | expected an IPv4 address (four numbers 0-255 joined by dots), found 10.0.0.256",
        "010.0.0.0/8 dev=eth1  | 1 | expected decimal numbers without leading zeros (some tools read them as octal), found 010.0.0.0",
        "db.internal dev=eth1  | 1 | expected a numeric IPv4 or IPv6 address (names are not resolved), found db.internal",
        "2001:db8:::/32 dev=e  | 1 | expected an IPv6 address (hex groups joined by colons, at most one ::), found 2001:db8:::",
        "fe80::1%eth0 dev=eth0 | 1 | expected an IPv6 address without a zone (pin the device with dev= instead), found fe80::1%eth0",
        "::ffff:10.0.0.0/104 dev=e | 1 | expected an IPv4 destination for IPv4-mapped addresses, found ::ffff:10.0.0.0/104 (write 10.0.0.0/8)",
        "::ffff:0:0/96 dev=e   | 1 | expected an IPv4 destination for IPv4-mapped addresses, found ::ffff:0:0/96 (write 0.0.0.0/0)",
        "::ffff:1.2.3.4 dev=e  | 1 | expected an IPv4 destination for IPv4-mapped addresses, found ::ffff:1.2.3.4 (write 1.2.3.4)",
        "dev=eth1              | 1 | expected a destination address or CIDR first, found dev=eth1",
        "direct                | 1 | expected a destination address or CIDR first, found direct",
        "\"  proto=tcp dev=eth1\" | 3 | expected a destination address or CIDR first, found proto=tcp",
        // keys
        "10.0.0.0/8 foo=bar    | 12 | expected proto=, port=, dev=, mark=, src= or direct, found foo=bar",
        "10.0.0.0/8 Dev=eth1   | 12 | expected proto=, port=, dev=, mark=, src= or direct, found Dev=eth1",
        "10.0.0.0/8 10.1.0.0/16 dev=e | 12 | expected proto=, port=, dev=, mark=, src= or direct, found 10.1.0.0/16",
        "10.0.0.0/8 =x dev=e   | 12 | expected proto=, port=, dev=, mark=, src= or direct, found =x",
        "10.0.0.0/8 dev        | 12 | expected dev=IFNAME, found dev",
        "10.0.0.0/8 mark dev=e | 12 | expected mark=N, found mark",
        "10.0.0.0/8 src dev=e  | 12 | expected src=ADDRESS, found src",
        "10.0.0.0/8 port dev=e | 12 | \"expected port=N|N-M, found port\"",
        "10.0.0.0/8 proto dev=e | 12 | \"expected proto=tcp|udp, found proto\"",
        "10.0.0.0/8 direct=yes | 12 | expected direct without a value, found direct=yes",
        "10.0.0.0/8 DIRECT     | 12 | expected proto=, port=, dev=, mark=, src= or direct, found DIRECT",
        // proto
        "10.0.0.0/8 proto=icmp dev=e | 12 | expected proto=tcp or proto=udp, found proto=icmp",
        "10.0.0.0/8 proto=TCP dev=e  | 12 | expected proto=tcp or proto=udp, found proto=TCP",
        "10.0.0.0/8 proto= dev=e     | 12 | expected proto=tcp or proto=udp, found proto=",
        // port
        "10.0.0.0/8 port=0 dev=e     | 12 | expected port=N or port=N-M with ports 1-65535, found port=0",
        "10.0.0.0/8 port=65536 dev=e | 12 | expected port=N or port=N-M with ports 1-65535, found port=65536",
        "10.0.0.0/8 port=99999999999999999999 dev=e | 12 | expected port=N or port=N-M with ports 1-65535, found port=99999999999999999999",
        "10.0.0.0/8 port=http dev=e  | 12 | expected port=N or port=N-M with ports 1-65535, found port=http",
        "10.0.0.0/8 port=-80 dev=e   | 12 | expected port=N or port=N-M with ports 1-65535, found port=-80",
        "10.0.0.0/8 port=80- dev=e   | 12 | expected port=N or port=N-M with ports 1-65535, found port=80-",
        "10.0.0.0/8 port=80-90-100 dev=e | 12 | expected port=N or port=N-M with ports 1-65535, found port=80-90-100",
        "10.0.0.0/8 port=+80 dev=e   | 12 | expected port=N or port=N-M with ports 1-65535, found port=+80",
        "10.0.0.0/8 port= dev=e      | 12 | expected port=N or port=N-M with ports 1-65535, found port=",
        "10.0.0.0/8 port=90-80 dev=e | 12 | expected port=N-M with N <= M, found port=90-80",
        // dev
        "10.0.0.0/8 dev=             | 12 | expected dev=IFNAME, found dev=",
        "10.0.0.0/8 dev=abcdefghijklmnop | 12 | expected an interface name of at most 15 bytes, found dev=abcdefghijklmnop (16 bytes)",
        "10.0.0.0/8 dev=éééééééé     | 12 | expected an interface name of at most 15 bytes, found dev=éééééééé (16 bytes)",
        "10.0.0.0/8 dev=eth0:1       | 12 | expected an interface name without / or : and other than . or .., found dev=eth0:1",
        "10.0.0.0/8 dev=a/b          | 12 | expected an interface name without / or : and other than . or .., found dev=a/b",
        "10.0.0.0/8 dev=.            | 12 | expected an interface name without / or : and other than . or .., found dev=.",
        "10.0.0.0/8 dev=..           | 12 | expected an interface name without / or : and other than . or .., found dev=..",
        // mark
        "10.0.0.0/8 mark=0           | 12 | expected a mark of at least 1 (0 means no mark to the kernel), found mark=0",
        "10.0.0.0/8 mark=0x0         | 12 | expected a mark of at least 1 (0 means no mark to the kernel), found mark=0x0",
        "10.0.0.0/8 mark=4294967296  | 12 | expected a mark of at most 0xffffffff (32 bits), found mark=4294967296",
        "10.0.0.0/8 mark=0x100000000 | 12 | expected a mark of at most 0xffffffff (32 bits), found mark=0x100000000",
        "10.0.0.0/8 mark=0xffffffffffffffffffff | 12 | expected a mark of at most 0xffffffff (32 bits), found mark=0xffffffffffffffffffff",
        "10.0.0.0/8 mark=-1          | 12 | expected mark=N in decimal or 0x-hex, found mark=-1",
        "10.0.0.0/8 mark=0x          | 12 | expected mark=N in decimal or 0x-hex, found mark=0x",
        "10.0.0.0/8 mark=0xg         | 12 | expected mark=N in decimal or 0x-hex, found mark=0xg",
        "10.0.0.0/8 mark=1e3         | 12 | expected mark=N in decimal or 0x-hex, found mark=1e3",
        "10.0.0.0/8 mark=            | 12 | expected mark=N in decimal or 0x-hex, found mark=",
        // src
        "10.0.0.0/8 src=             | 12 | expected src=ADDRESS (one address, no prefix length), found src=",
        "10.0.0.0/8 src=10.0.0.0/24  | 12 | expected src=ADDRESS (one address, no prefix length), found src=10.0.0.0/24",
        "10.0.0.0/8 src=gateway      | 12 | expected a numeric IPv4 or IPv6 address (names are not resolved), found gateway",
        "10.0.0.0/8 src=10.0.0.300   | 12 | expected an IPv4 address (four numbers 0-255 joined by dots), found 10.0.0.300",
        "10.0.0.0/8 src=2001:db8::1  | 12 | expected an IPv4 source for an IPv4 destination, found src=2001:db8::1",
        "2001:db8::/32 src=10.0.0.1  | 15 | expected an IPv6 source for an IPv6 destination, found src=10.0.0.1",
        "10.0.0.0/8 src=::ffff:10.0.0.1 | 12 | expected an IPv4 source as IPv4, found src=::ffff:10.0.0.1 (write src=10.0.0.1)",
        "10.0.0.0/8 src=0.0.0.0      | 12 | expected a unicast source address, found src=0.0.0.0 (unspecified)",
        "10.0.0.0/8 src=224.0.0.1    | 12 | expected a unicast source address, found src=224.0.0.1 (multicast)",
        "10.0.0.0/8 src=255.255.255.255 | 12 | expected a unicast source address, found src=255.255.255.255 (broadcast)",
        "2001:db8::/32 src=::        | 15 | expected a unicast source address, found src=:: (unspecified)",
        "2001:db8::/32 src=ff02::1   | 15 | expected a unicast source address, found src=ff02::1 (multicast)",
        // actions
        "10.0.0.0/8                  | 11 | expected an action (dev=, mark=, src= or direct), found end of line",
        "10.0.0.0/8 proto=tcp port=80 # no action | 29 | expected an action (dev=, mark=, src= or direct), found end of line",
        "10.0.0.0/8 direct dev=eth1  | 12 | expected direct alone (it leaves the connection to the OS), found it with dev=eth1",
        "10.0.0.0/8 mark=5 direct    | 19 | expected direct alone (it leaves the connection to the OS), found it with mark=5",
        "10.0.0.0/8 dev=a dev=b      | 18 | expected at most one dev= per rule, found another dev=b (the first is at column 12)",
        "10.0.0.0/8 port=1 port=1 dev=a | 19 | expected at most one port= per rule, found another port=1 (the first is at column 12)",
        "10.0.0.0/8 direct direct    | 19 | expected at most one direct per rule, found another direct (the first is at column 12)",
        "10.0.0.0/8 mark=1 mark=x    | 19 | expected at most one mark= per rule, found another mark=x (the first is at column 12)"})
    void invalidTokens(String line, int column, String message) {
        assertEquals(Arrays.asList("t.conf:1:" + column + ": " + message), errors(line));
    }

    @Test
    void columnsCountCharactersNotBytesAndTabsAsOne() {
        assertEquals(Arrays.asList("t.conf:1:13: expected proto=tcp or proto=udp, found proto=x"),
                errors("10.0.0.0/8\t\tproto=x dev=e"));
        assertEquals(Arrays.asList("t.conf:1:19: expected proto=tcp or proto=udp, found proto=x"),
                errors("10.0.0.0/8 dev=éé proto=x"));
    }

    @Test
    void reportsEveryBadTokenOfALine() {
        assertEquals(Arrays.asList(
                "t.conf:1:1: expected a prefix length 0-32 after /, found 10.0.0.0/40",
                "t.conf:1:13: expected proto=tcp or proto=udp, found proto=x",
                "t.conf:1:21: expected port=N or port=N-M with ports 1-65535, found port=0",
                "t.conf:1:28: expected dev=IFNAME, found dev=",
                "t.conf:1:33: expected a mark of at least 1 (0 means no mark to the kernel), found mark=0"),
                errors("10.0.0.0/40 proto=x port=0 dev= mark=0"));
    }

    @Test
    void reportsEveryErrorOfAFileInLineOrder() {
        assertEquals(Arrays.asList(
                "t.conf:2:12: expected proto=tcp or proto=udp, found proto=x",
                "t.conf:4:1: expected a numeric IPv4 or IPv6 address (names are not resolved), found host",
                "t.conf:5:1: rule ties with t.conf:1: same destination 10.0.0.0/8, neither has a port or protocol;"
                        + " make one more specific or remove one",
                "t.conf:6:12: expected an action (dev=, mark=, src= or direct), found end of line"),
                errors("10.0.0.0/8 dev=a\n10.0.0.0/8 proto=x dev=a\n# fine\nhost dev=a\n10.0.0.0/8 dev=b\n"
                        + "10.1.0.0/16\n"));
    }

    @Test
    void longTokensAreCutInMessages() {
        String name = "x".repeat(200);
        assertEquals(Arrays.asList("t.conf:1:12: expected proto=, port=, dev=, mark=, src= or direct, found "
                + "x".repeat(57) + "..."), errors("10.0.0.0/8 " + name + " dev=e"));
    }
}
