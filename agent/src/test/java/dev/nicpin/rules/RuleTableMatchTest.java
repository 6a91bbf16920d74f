package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleTableMatchTest {
    /** The line of the rule that matches, or 0 for none. */
    private static int line(RuleTable table, String address, int port, Protocol protocol) {
        Rule rule = table.match(AddressLiteral.parse(address), port, protocol);
        return rule == null ? 0 : rule.line();
    }

    @Test
    void longestPrefixWins() {
        RuleTable table = table("10.20.0.0/16 dev=eth1\n10.20.5.0/24 dev=eth2\n0.0.0.0/0 dev=eth0\n"
                + "10.20.5.7 dev=eth3\n");
        assertEquals(2, line(table, "10.20.5.1", 80, Protocol.TCP));
        assertEquals(1, line(table, "10.20.6.1", 80, Protocol.TCP));
        assertEquals(3, line(table, "10.21.0.1", 80, Protocol.TCP));
        assertEquals(4, line(table, "10.20.5.7", 80, Protocol.TCP));
        assertEquals(4, line(table, "10.20.5.7", 0, null));
    }

    @Test
    void theExampleOfDocsRulesMd() {
        RuleTable table = table("10.20.0.0/16 dev=eth1\n10.20.5.0/24 port=80 dev=eth2\n"
                + "10.20.5.0/24 proto=udp dev=eth3\n10.20.5.0/24 dev=eth4\n");
        assertEquals(2, line(table, "10.20.5.7", 80, Protocol.TCP));
        assertEquals(2, line(table, "10.20.5.7", 80, Protocol.UDP));
        assertEquals(3, line(table, "10.20.5.7", 53, Protocol.UDP));
        assertEquals(4, line(table, "10.20.5.7", 443, Protocol.TCP));
        assertEquals(1, line(table, "10.20.6.1", 80, Protocol.TCP));
        assertEquals(0, line(table, "10.21.0.1", 80, Protocol.TCP));
    }

    @Test
    void onEqualPrefixesAPortBeatsNoneAndThenAProtocolBeatsNone() {
        RuleTable table = table("10.0.0.0/8 dev=none\n10.0.0.0/8 proto=tcp dev=proto\n10.0.0.0/8 port=443 dev=port\n"
                + "10.0.0.0/8 proto=tcp port=443 dev=both\n");
        assertEquals(4, line(table, "10.1.1.1", 443, Protocol.TCP));
        assertEquals(3, line(table, "10.1.1.1", 443, Protocol.UDP));
        assertEquals(3, line(table, "10.1.1.1", 443, null));
        assertEquals(2, line(table, "10.1.1.1", 80, Protocol.TCP));
        assertEquals(1, line(table, "10.1.1.1", 80, Protocol.UDP));
        assertEquals(2, line(table, "10.1.1.1", 0, Protocol.TCP));
        assertEquals(1, line(table, "10.1.1.1", 0, null));
    }

    @Test
    void aLongerPrefixWhoseQualifiersDoNotMatchFallsBackToTheNextMostSpecific() {
        RuleTable table = table("10.20.0.0/16 dev=eth1\n10.20.5.0/24 port=80 dev=eth2\n"
                + "10.20.5.0/25 proto=udp dev=eth3\n10.20.5.0/26 proto=udp port=53 dev=eth4\n");
        assertEquals(4, line(table, "10.20.5.1", 53, Protocol.UDP));
        assertEquals(3, line(table, "10.20.5.1", 54, Protocol.UDP));
        assertEquals(2, line(table, "10.20.5.1", 80, Protocol.TCP));
        assertEquals(1, line(table, "10.20.5.1", 53, Protocol.TCP));
        assertEquals(1, line(table, "10.20.5.200", 53, Protocol.UDP));
        assertNull(table.match(AddressLiteral.parse("10.21.5.1"), 80, Protocol.TCP));
    }

    @Test
    void portRangesMatchAtTheirEdgesAndManyRangesShareAPrefix() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("10.0.0.0/8 port=").append(100 * i + 1).append('-').append(100 * i + 50).append(" dev=r")
                    .append(i).append('\n');
        }
        text.append("10.0.0.0/8 port=65535 dev=last\n");
        RuleTable table = table(text.toString());
        for (int i = 0; i < 100; i++) {
            assertEquals(i + 1, line(table, "10.0.0.1", 100 * i + 1, Protocol.TCP));
            assertEquals(i + 1, line(table, "10.0.0.1", 100 * i + 50, Protocol.TCP));
            assertEquals(0, line(table, "10.0.0.1", 100 * i + 51, Protocol.TCP));
        }
        assertEquals(101, line(table, "10.0.0.1", 65535, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void anUnknownPortMatchesOnlyRulesWithoutPort(int port) {
        RuleTable table = table("10.0.0.0/8 port=1-65535 dev=a\n10.0.0.0/16 proto=tcp port=1-65535 dev=b\n"
                + "10.0.0.0/8 proto=tcp dev=c\n");
        assertEquals("c", table.match(AddressLiteral.parse("10.0.0.1"), port, Protocol.TCP).device());
        assertEquals("b", table.match(AddressLiteral.parse("10.0.0.1"), 1, Protocol.TCP).device());
        assertEquals("a", table.match(AddressLiteral.parse("10.0.0.1"), 1, Protocol.UDP).device());
    }

    @Test
    void ipv6RulesMatchLikeIpv4Rules() {
        RuleTable table = table("2001:db8::/32 dev=eth1\n2001:db8:5::/48 dev=eth2\n::/0 dev=eth0\n"
                + "2001:db8:5::7 dev=eth3\n2001:db8:5::/48 proto=udp port=53 dev=dns\n");
        assertEquals(2, line(table, "2001:db8:5::1", 80, Protocol.TCP));
        assertEquals(5, line(table, "2001:db8:5::1", 53, Protocol.UDP));
        assertEquals(1, line(table, "2001:db8:6::1", 53, Protocol.UDP));
        assertEquals(3, line(table, "2001:db9::1", 80, Protocol.TCP));
        assertEquals(4, line(table, "2001:db8:5::7", 80, Protocol.TCP));
        assertNull(table.match(AddressLiteral.parse("10.0.0.1"), 80, Protocol.TCP));
    }

    @Test
    void prefixesBeyondTheFirst64BitsMatch() {
        RuleTable table = table("2001:db8::/64 dev=a\n2001:db8::8000:0:0:0/65 dev=b\n2001:db8::ff00/120 dev=c\n");
        assertEquals(1, line(table, "2001:db8::1", 80, null));
        assertEquals(2, line(table, "2001:db8::8000:0:0:1", 80, null));
        assertEquals(3, line(table, "2001:db8::ff42", 80, null));
    }

    @Test
    void ipv4MappedAddressesMatchIpv4RulesOnly() {
        RuleTable table = table("10.0.0.0/8 dev=v4\n::/0 dev=v6\n::/64 dev=v6narrow\n");
        long mappedHigh = 0;
        long mappedLow = 0xFFFF_0A01_0203L; // ::ffff:10.1.2.3
        assertEquals(1, table.match(mappedHigh, mappedLow, 80, Protocol.TCP).line());
        assertNull(table.match(mappedHigh, 0xFFFF_0B01_0203L, 80, Protocol.TCP)); // ::ffff:11.1.2.3
        assertEquals(2, table.match(0x2001_0db8_0000_0000L, 1, 80, Protocol.TCP).line());
        assertEquals(3, table.match(0, 0x0001_0A01_0203L, 80, Protocol.TCP).line()); // ::1:a01:203, not mapped
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.255", "169.254.1.1", "224.0.0.1", "239.255.255.255", "0.0.0.0",
        "255.255.255.255", "::1", "::", "fe80::1", "febf:ffff::1", "ff02::1", "ff0e::1", "::ffff:127.0.0.1"})
    void broadRulesSkipAddressesThatAreNotGlobalUnicast(String address) {
        RuleTable table = table("0.0.0.0/0 dev=eth0\n::/0 dev=eth0\n126.0.0.0/7 dev=eth1\n224.0.0.0/3 dev=eth1\n"
                + "fe80::/9 dev=eth1\n::/127 dev=eth1\n169.254.0.0/15 dev=eth1\n255.255.255.254/31 dev=eth1\n");
        assertNull(table.match(AddressLiteral.parse(address), 80, Protocol.TCP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"126.255.255.255", "128.0.0.1", "169.253.0.1", "169.255.0.1", "223.255.255.255",
        "240.0.0.1", "255.255.255.254", "0.0.0.1", "2001:db8::1", "fec0::1", "fe7f::1", "feff::1", "::2"})
    void broadRulesMatchGlobalUnicastNeighbours(String address) {
        RuleTable table = table("0.0.0.0/0 dev=eth0\n::/0 dev=eth0\n");
        assertEquals("eth0", table.match(AddressLiteral.parse(address), 80, Protocol.TCP).device());
    }

    @Test
    void rulesInsideASpecialRangeMatchIt() {
        RuleTable table = table("0.0.0.0/0 dev=eth0\n127.0.0.2 dev=lo\n127.0.0.0/8 dev=lo8\n224.0.0.0/4 dev=m\n"
                + "0.0.0.0 dev=any\n255.255.255.255 dev=bcast\n169.254.0.0/16 dev=ll\n::1 dev=lo6\nfe80::/10 dev=ll6\n"
                + "ff00::/8 dev=m6\n:: dev=any6\n");
        assertEquals("lo", device(table, "127.0.0.2"));
        assertEquals("lo8", device(table, "127.0.0.1"));
        assertEquals("m", device(table, "239.1.2.3"));
        assertEquals("any", device(table, "0.0.0.0"));
        assertEquals("bcast", device(table, "255.255.255.255"));
        assertEquals("ll", device(table, "169.254.9.9"));
        assertEquals("lo6", device(table, "::1"));
        assertEquals("ll6", device(table, "fe80::1"));
        assertEquals("m6", device(table, "ff02::1"));
        assertEquals("any6", device(table, "::"));
        assertEquals("lo", device(table, "::ffff:127.0.0.2"));
    }

    @Test
    void everyLookupReturnsTheRuleOfTheTableAndAllOverloadsAgree() {
        RuleTable table = table("10.0.0.0/8 dev=a\n2001:db8::/32 dev=b\n");
        InetAddress ipv4 = AddressLiteral.parse("10.1.2.3");
        assertSame(table.rules().get(0), table.match(ipv4, 80, Protocol.TCP));
        assertSame(table.rules().get(0), table.match(0x0A01_0203, 80, Protocol.TCP));
        assertSame(table.rules().get(1), table.match(AddressLiteral.parse("2001:db8::1"), 80, Protocol.TCP));
        assertSame(table.rules().get(1), table.match(0x2001_0db8_0000_0000L, 1, 80, Protocol.TCP));
    }

    @Test
    void inet4AddressHashCodeIsTheAddressAsTheFastPathAssumes() throws Exception {
        assertEquals(0x0A01_0203, InetAddress.getByName("10.1.2.3").hashCode());
        assertEquals(0xFFFF_FFFF, InetAddress.getByName("255.255.255.255").hashCode());
        byte[] address = {(byte) 192, (byte) 168, 3, 58};
        assertEquals(0xC0A8_033A, InetAddress.getByAddress("named", address).hashCode());
    }

    @Test
    void anEmptyTableMatchesNothing() {
        RuleTable table = table("");
        assertNull(table.match(AddressLiteral.parse("10.0.0.1"), 80, Protocol.TCP));
        assertNull(table.match(AddressLiteral.parse("2001:db8::1"), 80, Protocol.TCP));
    }

    private static String device(RuleTable table, String address) {
        Rule rule = table.match(AddressLiteral.parse(address), 80, Protocol.TCP);
        return rule == null ? null : rule.device();
    }
}
