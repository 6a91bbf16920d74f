package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.rule;
import static dev.nicpin.rules.RuleTexts.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every token of a rule, written validly; see {@link RuleErrorsTest} for the invalid ones. */
class RuleGrammarTest {
    @Test
    void destinationAndDevice() {
        Rule rule = rule("10.20.0.0/16 dev=eth1");
        assertEquals("10.20.0.0/16", rule.destination().toString());
        assertTrue(rule.destination().isIpv4());
        assertEquals(16, rule.destination().length());
        assertEquals("eth1", rule.device());
        assertNull(rule.protocol());
        assertFalse(rule.hasPort());
        assertEquals(0, rule.portFrom());
        assertFalse(rule.hasMark());
        assertNull(rule.source());
        assertFalse(rule.isDirect());
        assertEquals("t.conf", rule.file());
        assertEquals(1, rule.line());
        assertEquals("t.conf:1", rule.location());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.20.0.0/16            | 10.20.0.0/16  | 16",
        "192.168.3.58            | 192.168.3.58  | 32",
        "192.168.3.58/32         | 192.168.3.58  | 32",
        "0.0.0.0/0               | 0.0.0.0/0     | 0",
        "2001:db8::/32           | 2001:db8::/32 | 32",
        "2001:DB8:0:0:0:0:0:0/32 | 2001:db8::/32 | 32",
        "2001:db8::1             | 2001:db8::1   | 128",
        "2001:db8::1/128         | 2001:db8::1   | 128",
        "::/0                    | ::/0          | 0",
        "::/64                   | ::/64         | 64"})
    void destinations(String written, String canonical, int length) {
        Prefix destination = rule(written + " direct").destination();
        assertEquals(canonical, destination.toString());
        assertEquals(length, destination.length());
        assertEquals(!written.contains(":"), destination.isIpv4());
    }

    @Test
    void qualifiers() {
        Rule rule = rule("10.0.0.0/8 proto=tcp port=80 dev=eth1");
        assertEquals(Protocol.TCP, rule.protocol());
        assertTrue(rule.hasPort());
        assertEquals(80, rule.portFrom());
        assertEquals(80, rule.portTo());
        assertEquals(Protocol.UDP, rule("10.0.0.0/8 proto=udp dev=eth1").protocol());
        Rule range = rule("10.0.0.0/8 port=1-65535 dev=eth1");
        assertEquals(1, range.portFrom());
        assertEquals(65535, range.portTo());
        assertEquals(8080, rule("10.0.0.0/8 port=08080 dev=eth1").portFrom());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mark=7          | 7          | 0x7",
        "mark=0x10       | 16         | 0x10",
        "mark=0XFF       | 255        | 0xff",
        "mark=4294967295 | -1         | 0xffffffff",
        "mark=0xffffffff | -1         | 0xffffffff",
        "mark=0x00000001 | 1          | 0x1"})
    void marks(String token, int bits, String canonical) {
        Rule rule = rule("10.0.0.0/8 " + token);
        assertTrue(rule.hasMark());
        assertEquals(bits, rule.mark());
        assertEquals("10.0.0.0/8 mark=" + canonical, rule.toString());
    }

    @Test
    void sourceAddressesInTheDestinationsFamily() throws Exception {
        assertEquals(InetAddress.getByName("10.0.0.5"), rule("10.0.0.0/8 src=10.0.0.5").source());
        assertEquals(InetAddress.getByName("2001:db8::5"), rule("2001:db8::/32 src=2001:DB8::5").source());
        assertEquals("2001:db8::/32 src=2001:db8::5", rule("2001:db8::/32 src=2001:DB8::5").toString());
        assertEquals(InetAddress.getByName("127.0.0.1"), rule("10.0.0.0/8 src=127.0.0.1").source());
        assertEquals(InetAddress.getByName("fe80::1"), rule("2001:db8::/32 dev=eth0 src=fe80::1").source());
    }

    @Test
    void direct() {
        Rule rule = rule("10.20.5.0/24 direct");
        assertTrue(rule.isDirect());
        assertNull(rule.device());
        assertEquals("10.20.5.0/24 direct", rule.toString());
    }

    @Test
    void actionsCombineAndRenderCanonically() {
        Rule rule = rule("2001:db8::/32 src=2001:db8::9 mark=7 port=443 dev=eth2 proto=tcp");
        assertEquals("eth2", rule.device());
        assertEquals(7, rule.mark());
        assertEquals("2001:db8::/32 proto=tcp port=443 dev=eth2 mark=0x7 src=2001:db8::9", rule.toString());
        assertEquals("10.0.0.0/8 port=80-90 dev=eth1", rule("10.0.0.0/8 dev=eth1 port=80-90").toString());
        assertEquals("2001:db8::/32 dev=eth2 mark=0x7", rule("2001:DB8:0::/32 mark=7 dev=eth2").toString());
    }

    @Test
    void interfaceNamesFollowTheKernel() {
        assertEquals("abcdefghijklmno", rule("10.0.0.0/8 dev=abcdefghijklmno").device());
        assertEquals("eth0.100", rule("10.0.0.0/8 dev=eth0.100").device());
        assertEquals("a..b", rule("10.0.0.0/8 dev=a..b").device());
        // The kernel counts bytes: seven two-byte characters fit in 15.
        assertEquals("ééééééé", rule("10.0.0.0/8 dev=ééééééé").device());
    }

    @Test
    void commentsBlankLinesTabsAndLineNumbers() {
        List<Rule> rules = table("# header\n\n\t \n10.0.0.0/8\tdev=eth1   # pinned\n   2001:db8::/32  dev=eth2#x\n"
                + "10.1.0.0/16 dev=eth#3\n").rules();
        assertEquals(3, rules.size());
        assertEquals(4, rules.get(0).line());
        assertEquals(5, rules.get(1).line());
        assertEquals("eth", rules.get(2).device());
    }

    @Test
    void lineBreaksByteOrderMarkAndMissingFinalNewline() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "10.0.0.0/8 dev=eth1\r\n\r\n10.1.0.0/16 dev=eth2".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);
        List<Rule> rules = RuleFile.parse("t.conf", content).rules();
        assertEquals("10.0.0.0/8 dev=eth1", rules.get(0).toString());
        assertEquals(3, rules.get(1).line());
        assertEquals("eth2", rules.get(1).device());
    }

    @Test
    void emptyFilesHoldNoRules() {
        assertEquals(0, table("").size());
        assertEquals(0, table("# nothing yet\n\n").size());
    }

    @Test
    void rulesKeepFileOrder() {
        List<Rule> rules = table("10.1.0.0/16 dev=a\n10.0.0.0/8 dev=b\n::/0 dev=c\n0.0.0.0/0 dev=d\n").rules();
        assertEquals("abcd", rules.stream().map(Rule::device).reduce("", String::concat));
    }

    @Test
    void manyRulesShareOneDeviceString() {
        List<Rule> rules = table("10.1.0.0/16 dev=eth1\n10.2.0.0/16 dev=eth1\n").rules();
        assertTrue(rules.get(0).device() == rules.get(1).device());
    }
}
