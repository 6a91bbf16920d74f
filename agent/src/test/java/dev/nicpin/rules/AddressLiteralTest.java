package dev.nicpin.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralTest {
    private static final String IPV4 = "expected an IPv4 address (four numbers 0-255 joined by dots), found ";
    private static final String IPV6 = "expected an IPv6 address (hex groups joined by colons, at most one ::), found ";

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.20.5.7", "1.0.0.0", "192.168.3.58"})
    void parsesIpv4LikeTheJdk(String text) throws Exception {
        // The JDK parses literals without a lookup, so it is a safe oracle here.
        assertEquals(InetAddress.getByName(text), AddressLiteral.parse(text));
        assertInstanceOf(Inet4Address.class, AddressLiteral.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8",
        "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "fe80::1:2", "1::8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:0:0:0:0:0:0:0", "1:2::7:8"})
    void parsesIpv6LikeTheJdk(String text) throws Exception {
        assertEquals(InetAddress.getByName(text), AddressLiteral.parse(text));
        assertInstanceOf(Inet6Address.class, AddressLiteral.parse(text));
    }

    @Test
    void ipv4MappedTextIsAnIpv4AddressAsInTheJdk() {
        assertEquals(AddressLiteral.parse("10.1.2.3"), AddressLiteral.parse("::ffff:10.1.2.3"));
        assertEquals(AddressLiteral.parse("10.1.2.3"), AddressLiteral.parse("::FFFF:a01:203"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.0004",
        "", ".", "1.2.3.4."})
    void rejectsMalformedIpv4(String text) {
        assertMessage(IPV4 + (text.isEmpty() ? "nothing" : text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.2.3.4", "1.2.3.00", "1.02.3.4"})
    void rejectsLeadingZerosThatSomeToolsReadAsOctal(String text) {
        assertMessage("expected decimal numbers without leading zeros (some tools read them as octal), found " + text,
                text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "db.internal", "1.2.3.x", "１.2.3.4", "-1.2.3.4"})
    void neverResolvesNames(String text) {
        assertMessage("expected a numeric IPv4 or IPv6 address (names are not resolved), found " + text, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "12345::", "g::1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "[::1]", "::ffff:1.2.3.04", "1::2:3:4:5:6:7:8",
        ":", "::1:", "1:2:3:4:5:6:7:8::", "::٣", "::ｆ", "1.2.3.4::"})
    void rejectsMalformedIpv6(String text) {
        assertMessage(IPV6 + text, text);
    }

    @Test
    void rejectsZonesWithAHintAtDev() {
        assertMessage("expected an IPv6 address without a zone (pin the device with dev= instead), found fe80::1%eth0",
                "fe80::1%eth0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        "1:0:0:1:0:0:0:1                         | 1:0:0:1::1",
        "1:0:0:0:1:0:0:1                         | 1::1:0:0:1",
        "1:0:1:1:1:1:1:1                         | 1:0:1:1:1:1:1:1",
        "0:0:0:0:0:0:0:0                         | ::",
        "0:0:0:0:0:0:0:1                         | ::1",
        "1:0:0:0:0:0:0:0                         | 1::",
        "ABCD::EF                                | abcd::ef",
        "::1.2.3.4                               | ::102:304",
        "::ffff:1.2.3.4                          | ::ffff:1.2.3.4"})
    void formatsIpv6AsRfc5952(String text, String canonical) {
        Prefix address = AddressLiteral.parseHost(text);
        assertEquals(canonical, AddressFormat.ipv6(address.hi(), address.lo()));
    }

    @Test
    void formatAndParseAgreeWithTheJdkOnRandomAddresses() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            // Many zero groups, so that :: runs of every length and position occur.
            long hi = random.nextLong() & groupMask(random);
            long lo = random.nextLong() & groupMask(random);
            String text = AddressFormat.ipv6(hi, lo);
            Prefix parsed = AddressLiteral.parseHost(text);
            String context = "seed " + seed + ": " + text;
            assertEquals(hi, parsed.hi(), context);
            assertEquals(lo, parsed.lo(), context);
            assertEquals(InetAddress.getByName(text), AddressLiteral.parse(text), context);
            int ipv4 = random.nextInt();
            assertEquals(InetAddress.getByName(AddressFormat.ipv4(ipv4)).hashCode(), ipv4, context);
        }
    }

    private static long groupMask(Random random) {
        long mask = 0;
        for (int group = 0; group < 4; group++) {
            mask = mask << 16 | (random.nextBoolean() ? 0xFFFF : 0);
        }
        return mask;
    }

    private static void assertMessage(String expected, String text) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> AddressLiteral.parse(text))
                .getMessage());
    }
}
