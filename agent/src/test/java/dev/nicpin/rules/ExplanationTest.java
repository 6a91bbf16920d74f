package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExplanationTest {
    private static final RuleTable TABLE = table(String.join("\n",
            "10.20.0.0/16 dev=eth1",
            "10.20.5.0/24 dev=eth2",
            "10.20.5.0/24 port=80 dev=eth3",
            "10.20.5.0/24 proto=udp dev=eth4",
            "0.0.0.0/0 mark=0x10",
            "11.0.0.0/8 dev=eth5",
            "127.0.0.0/8 dev=lo",
            "2001:db8::/32 dev=eth6",
            ""));

    private static List<String> others(Explanation explanation) {
        return explanation.others().stream()
                .map(e -> e.rule().line() + (e.lost() ? " lost: " : " skipped: ") + e.reason())
                .collect(Collectors.toList());
    }

    @Test
    void namesTheWinnerAndWhyEveryOtherContainingRuleLostOrWasSkipped() {
        Explanation explanation = TABLE.explain(AddressLiteral.parse("10.20.5.7"), 443, Protocol.TCP);
        assertSame(TABLE.rules().get(1), explanation.winner());
        assertEquals("longest prefix: /24 over /16 (t.conf:1)", explanation.whyWinner());
        assertEquals(List.of(
                "3 skipped: port=80 does not include 443",
                "4 skipped: proto=udp, the connection is tcp",
                "1 lost: shorter prefix than t.conf:2 (/16 < /24)",
                "5 lost: shorter prefix than t.conf:2 (/0 < /24)"), others(explanation));
        assertEquals("10.20.5.7", explanation.address());
        assertNull(explanation.nonGlobalRange());
    }

    @Test
    void explainsQualifierWins() {
        Explanation port = TABLE.explain(AddressLiteral.parse("10.20.5.7"), 80, Protocol.UDP);
        assertEquals(3, port.winner().line());
        assertEquals("port qualifier over none (t.conf:4)", port.whyWinner());
        assertEquals(List.of(
                "4 lost: no port qualifier, t.conf:3 has one",
                "2 lost: no port qualifier, t.conf:3 has one",
                "1 lost: shorter prefix than t.conf:3 (/16 < /24)",
                "5 lost: shorter prefix than t.conf:3 (/0 < /24)"), others(port));
        Explanation protocol = TABLE.explain(AddressLiteral.parse("10.20.5.7"), 53, Protocol.UDP);
        assertEquals("protocol qualifier over none (t.conf:2)", protocol.whyWinner());
        assertEquals("2 lost: no protocol qualifier, t.conf:4 has one", others(protocol).get(1));
    }

    @Test
    void explainsUnknownPortsAndProtocols() {
        Explanation explanation = TABLE.explain(AddressLiteral.parse("10.20.5.7"), 0, null);
        assertEquals(2, explanation.winner().line());
        assertEquals(List.of(
                "3 skipped: port=80, and the port is unknown",
                "4 skipped: proto=udp, and the protocol is unknown",
                "1 lost: shorter prefix than t.conf:2 (/16 < /24)",
                "5 lost: shorter prefix than t.conf:2 (/0 < /24)"), others(explanation));
    }

    @Test
    void theOnlyRuleThatApplies() {
        Explanation explanation = TABLE.explain(AddressLiteral.parse("2001:db8::1"), 443, Protocol.TCP);
        assertEquals("the only rule that applies", explanation.whyWinner());
        assertEquals(List.of(), others(explanation));
    }

    @Test
    void noRuleAndNotGlobalUnicast() {
        Explanation explanation = TABLE.explain(AddressLiteral.parse("224.0.0.1"), 443, Protocol.UDP);
        assertNull(explanation.winner());
        assertNull(explanation.whyWinner());
        assertEquals(NonGlobalRange.IPV4_MULTICAST, explanation.nonGlobalRange());
        assertEquals(List.of("5 skipped: broader than 224.0.0.0/4, and 224.0.0.1 is multicast, not global unicast"),
                others(explanation));
    }

    @Test
    void ruleInsideTheSpecialRangeWinsAndMappedAddressesAreShownAsIpv4() {
        Explanation explanation = TABLE.explain(AddressLiteral.parse("::ffff:127.0.0.1"), 80, Protocol.TCP);
        assertEquals("127.0.0.1", explanation.address());
        assertEquals(7, explanation.winner().line());
        assertEquals(List.of("5 skipped: broader than 127.0.0.0/8, and 127.0.0.1 is loopback, not global unicast"),
                others(explanation));
    }
}
